package net.sonic.portsyncd.api.link;

import java.util.List;

/**
 * The end of one RTM_GETLINK dump.
 *
 * @param sequence    the dump request's sequence number
 * @param links       every link the dump returned, in kernel order
 * @param resync      true when the dump was made to recover from a receive overrun
 * @param requestedAtNanos {@link System#nanoTime()} when the request was sent
 */
public record DumpCompletion(int sequence, List<LinkEvent> links, boolean resync, long requestedAtNanos) {
    public DumpCompletion {
        links = List.copyOf(links);
    }
}
