package net.sonic.portsyncd.core;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.sonic.portsyncd.api.sync.ResyncResult;

/**
 * One RTM_GETLINK dump the engine asked for: the initial one (its end is EOIU), an operator resync, or the repair
 * that ends a Redis outage. Used only on the sync thread.
 */
final class DumpWatch {
    enum Purpose { INITIAL, RESYNC, REPAIR }

    private final Purpose purpose;
    private final CompletableFuture<ResyncResult> resync;
    private final Set<Integer> answersSeen = new HashSet<>();
    private final long startedNanos = System.nanoTime();

    private DumpWatch(Purpose purpose, CompletableFuture<ResyncResult> resync) {
        this.purpose = purpose;
        this.resync = resync;
    }

    static DumpWatch initial() {
        return new DumpWatch(Purpose.INITIAL, null);
    }

    static DumpWatch resync(CompletableFuture<ResyncResult> result) {
        return new DumpWatch(Purpose.RESYNC, result);
    }

    static DumpWatch repair() {
        return new DumpWatch(Purpose.REPAIR, null);
    }

    Purpose purpose() {
        return purpose;
    }

    boolean isInitial() {
        return purpose == Purpose.INITIAL;
    }

    /** The operator's result; null unless this is a resync. */
    CompletableFuture<ResyncResult> result() {
        return resync;
    }

    long startedNanos() {
        return startedNanos;
    }

    void sawDumpAnswer(int sequence) {
        answersSeen.add(sequence);
    }

    /**
     * False when none of the dump's entries came through the listener, which happens when the dump is answered
     * before the capture has attached this listener; the completion's own link list then stands in for them.
     */
    boolean sawAnswersOf(int sequence) {
        return answersSeen.contains(sequence);
    }
}
