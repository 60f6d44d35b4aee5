package net.sonic.portsyncd.core;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.sonic.portsyncd.api.sync.ResyncResult;

/**
 * One RTM_GETLINK dump the engine asked for: the initial one (its end is EOIU) or an operator resync. Used only
 * on the sync thread.
 */
final class DumpWatch {
    private final CompletableFuture<ResyncResult> resync;
    private final Set<Integer> answersSeen = new HashSet<>();
    private final long startedNanos = System.nanoTime();

    private DumpWatch(CompletableFuture<ResyncResult> resync) {
        this.resync = resync;
    }

    static DumpWatch initial() {
        return new DumpWatch(null);
    }

    static DumpWatch resync(CompletableFuture<ResyncResult> result) {
        return new DumpWatch(result);
    }

    boolean isInitial() {
        return resync == null;
    }

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
