package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;

/**
 * The dumps the engine asked for and follows until they end: the initial one, operator resyncs and outage repairs.
 * Asking goes through the inbox so that the sync thread sees the start and the end of each dump in order with the
 * link messages around them.
 */
final class DumpRequests {
    private final Inbox inbox;
    private final LinkCapture capture;
    /** Sync thread only. */
    private final List<DumpWatch> watches = new ArrayList<>();

    DumpRequests(Inbox inbox, LinkCapture capture) {
        this.inbox = inbox;
        this.capture = capture;
    }

    /** Any thread: asks the capture for a dump; completes with its completion once the sync thread may see it. */
    CompletableFuture<DumpCompletion> request(DumpWatch watch) {
        inbox.offer(new Work.DumpStarted(watch));
        CompletableFuture<DumpCompletion> result = new CompletableFuture<>();
        try {
            capture.requestDump().whenComplete((completion, failure) -> {
                inbox.offer(new Work.DumpFinished(watch, completion, failure));
                if (failure != null) {
                    result.completeExceptionally(unwrap(failure));
                } else {
                    result.complete(completion);
                }
            });
        } catch (RuntimeException e) {
            inbox.offer(new Work.DumpFinished(watch, null, e));
            result.completeExceptionally(e);
        }
        return result;
    }

    void started(DumpWatch watch) {
        watches.add(watch);
    }

    /** False when the watch was given up before its dump ended: its end means nothing any more. */
    boolean ended(DumpWatch watch) {
        return watches.remove(watch);
    }

    void giveUp(DumpWatch watch) {
        watches.remove(watch);
    }

    /** A dump other than the initial one is running: its entries are compared at its end, not written one by one. */
    boolean comparing() {
        return watches.stream().anyMatch(watch -> !watch.isInitial());
    }

    void sawDumpAnswer(int sequence) {
        for (DumpWatch watch : watches) {
            watch.sawDumpAnswer(sequence);
        }
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
