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

    /**
     * The captured namespace was deleted or replaced and its sockets closed: listeners get {@code onDumpComplete}
     * (an empty resync completion that no dump request answers) and then {@code onResyncComplete} with no links,
     * since none of that namespace's links is there any more.
     */
    record NamespaceGone(DumpCompletion completion) implements DeliveryItem {
    }

    /** Link events an item stands for, to bound what waits in the delivery queue. */
    static int weight(DeliveryItem item) {
        if (item instanceof Links links) {
            return links.events().size();
        }
        if (item instanceof NamespaceGone) {
            return 0;
        }
        return ((DumpFinished) item).completion().links().size();
    }
}
