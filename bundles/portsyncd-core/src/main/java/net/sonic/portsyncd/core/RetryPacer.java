package net.sonic.portsyncd.core;

/** Pauses between attempts to reach Redis again: doubling from the first pause up to the longest. */
final class RetryPacer {
    private final long maxNanos;
    private long nextNanos;

    RetryPacer(SyncSettings settings) {
        this.maxNanos = settings.retryMax().toNanos();
        this.nextNanos = settings.retryInitial().toNanos();
    }

    long nextPauseNanos() {
        long pause = nextNanos;
        nextNanos = Math.min(nextNanos * 2, maxNanos);
        return pause;
    }

    long longestPauseMillis() {
        return maxNanos / 1_000_000;
    }
}
