package net.sonic.portsyncd.api.link;

import java.util.concurrent.CompletionStage;

/** Control side of the netlink capture of one network namespace. */
public interface LinkCapture {

    /** The network namespace name the capture runs in; empty for the container's own. */
    String namespace();

    /**
     * True while the capture has open sockets in the namespace it is configured for, and that namespace still
     * exists and is the one it opened. False while a configured namespace is missing, after it was deleted or
     * replaced (until the capture has attached to the new one), and once the capture is stopped. The container's
     * own namespace (empty name) is always attached while the capture runs.
     */
    boolean attached();

    /**
     * Asks the kernel for a full RTM_GETLINK dump. Dumps are serialised: a request made while one is running is
     * sent after it. Listeners see the entries through {@link LinkListener#onLinkBatch} and then
     * {@link LinkListener#onDumpComplete}; the returned stage completes with the same completion. While the
     * capture is not {@link #attached()} the stage fails at once with an {@link IllegalStateException} naming the
     * reason (listeners get the namespace's full view as a resync once it is attached again).
     */
    CompletionStage<DumpCompletion> requestDump();

    /**
     * Sets a link administratively down (RTM_NEWLINK clearing IFF_UP) and waits for the kernel's ack.
     *
     * @throws LinkControlException with the kernel's errno when the request is refused
     */
    void setAdminDown(int ifindex) throws LinkControlException;

    /** Counters of this capture since it was activated. */
    CaptureStatistics statistics();
}
