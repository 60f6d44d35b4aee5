package net.sonic.portsyncd.api.link;

import java.util.concurrent.CompletionStage;

/** Control side of the netlink capture of one network namespace. */
public interface LinkCapture {

    /** The network namespace name the capture runs in; empty for the container's own. */
    String namespace();

    /**
     * Asks the kernel for a full RTM_GETLINK dump. Dumps are serialised: a request made while one is running is
     * sent after it. Listeners see the entries through {@link LinkListener#onLinkBatch} and then
     * {@link LinkListener#onDumpComplete}; the returned stage completes with the same completion.
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
