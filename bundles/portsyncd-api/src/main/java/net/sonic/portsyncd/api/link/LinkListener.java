package net.sonic.portsyncd.api.link;

import java.util.List;

/**
 * Whiteboard listener for link events: register an implementation as an OSGi service and the capture delivers
 * to it. The callbacks of one capture never overlap and arrive in kernel order, each call seeing the effects of
 * the one before. They run on the capture's own threads, never inside the captured namespace: on the socket
 * reader while calls return within a millisecond, which spares the hand-off to another thread, and on its
 * delivery thread after a slower call, until calls are prompt again. A listener that throws is logged and
 * counted; delivery goes on.
 */
public interface LinkListener {

    /**
     * The link messages of one receive batch (everything read in one wake-up of the capture thread), in kernel
     * order. Decisions that the reference takes "after a netlink read" are taken at the end of a batch.
     */
    void onLinkBatch(List<LinkEvent> batch);

    /**
     * The kernel finished answering the dump request with this sequence number: every link that existed when
     * the dump ran has been delivered (as events with {@link LinkEvent#dumpSequence()} equal to it).
     */
    default void onDumpComplete(DumpCompletion completion) {
    }

    /**
     * The receive queue overflowed (ENOBUFS), messages were lost, and the capture re-dumped the kernel; or the
     * captured namespace was deleted or replaced (an empty view: its links are gone) and later attached again (the
     * new namespace's full view). {@code kernelView} is the complete set of links now present; a listener must
     * make its view equal to it (including forgetting links that are no longer there).
     */
    default void onResyncComplete(List<LinkEvent> kernelView) {
    }
}
