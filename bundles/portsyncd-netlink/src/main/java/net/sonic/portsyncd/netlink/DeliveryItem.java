package net.sonic.portsyncd.netlink;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;

/** One step of what listeners are told, in kernel order. */
sealed interface DeliveryItem {

    /** Link events to hand over in one {@code onLinkBatch} call. */
    record Links(List<LinkEvent> events) implements DeliveryItem {
    }

    /**
     * A dump ended: listeners get {@code onDumpComplete}, then {@code onResyncComplete(resyncView)} when it was a
     * resync; then the requesters' futures complete.
     */
    record DumpFinished(DumpCompletion completion, List<LinkEvent> resyncView,
            List<CompletableFuture<DumpCompletion>> waiters) implements DeliveryItem {
    }

    /** Link events an item stands for, to bound what waits in the delivery queue. */
    static int weight(DeliveryItem item) {
        if (item instanceof Links links) {
            return links.events().size();
        }
        return ((DumpFinished) item).completion().links().size();
    }
}
