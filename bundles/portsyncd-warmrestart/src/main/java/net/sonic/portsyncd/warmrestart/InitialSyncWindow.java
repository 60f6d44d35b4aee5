package net.sonic.portsyncd.warmrestart;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.warm.SyncCompletion;

/** One initial sync, from its start to its single completion. Guarded by the manager's lock. */
final class InitialSyncWindow {
    private final Consumer<SyncCompletion> onComplete;
    private final long startNanos;
    private ScheduledFuture<?> fallbackTimer;
    private SyncCompletion completion;
    private long endNanos;

    InitialSyncWindow(Consumer<SyncCompletion> onComplete, long startNanos) {
        this.onComplete = onComplete;
        this.startNanos = startNanos;
    }

    boolean running() {
        return completion == null;
    }

    Consumer<SyncCompletion> onComplete() {
        return onComplete;
    }

    /** Replaces the fallback timer, cancelling the previous one (a changed timeout reschedules). */
    void armFallbackTimer(ScheduledFuture<?> timer) {
        cancelFallbackTimer();
        fallbackTimer = timer;
    }

    /** Marks the window complete and returns its duration in nanoseconds. */
    long complete(SyncCompletion how, long nowNanos) {
        completion = how;
        endNanos = nowNanos;
        cancelFallbackTimer();
        return endNanos - startNanos;
    }

    /** Stops the window without a completion (the manager is closing); the callback is never called. */
    void abandon(long nowNanos) {
        complete(SyncCompletion.FORCED, nowNanos);
    }

    long elapsedNanos(long nowNanos) {
        return (running() ? nowNanos : endNanos) - startNanos;
    }

    private void cancelFallbackTimer() {
        if (fallbackTimer != null) {
            fallbackTimer.cancel(false);
            fallbackTimer = null;
        }
    }
}
