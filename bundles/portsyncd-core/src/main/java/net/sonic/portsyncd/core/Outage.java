package net.sonic.portsyncd.core;

import java.util.concurrent.TimeUnit;

/**
 * An outage the sync thread is recovering from. Once Redis answers, STATE_DB is verified against a fresh kernel
 * dump (whatever Redis lost or brought back from an old snapshot) in two passes: the first when the dump ends, the
 * second {@link #CONFIRM_DELAY_NANOS} later, because commands that connections abandoned during the outage had
 * already sent are still executed by Redis when it resumes, possibly after the first pass read the rows they
 * overwrite. Used by the sync thread only.
 */
final class Outage {
    static final long CONFIRM_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A repair dump that has not ended by then is given up and asked for again. */
    static final long REPAIR_DUMP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RetryPacer pacer;
    private long nextActionNanos;
    private DumpWatch repair;
    private long repairRequestedNanos;
    private long boundaryNanos;
    private boolean firstPassDone;
    private int linksSeen;
    private int written;
    private int deleted;

    Outage(RetryPacer pacer) {
        this.pacer = pacer;
    }

    /** Redis failed again: the repair (if any) starts over after the next pause. */
    void scheduleRetry() {
        repair = null;
        firstPassDone = false;
        nextActionNanos = System.nanoTime() + pacer.nextPauseNanos();
    }

    boolean due(long nowNanos) {
        return nowNanos - nextActionNanos >= 0;
    }

    long nanosUntilDue(long nowNanos) {
        return Math.max(0, nextActionNanos - nowNanos);
    }

    DumpWatch repair() {
        return repair;
    }

    void repairRequested(DumpWatch watch, long nowNanos) {
        repair = watch;
        repairRequestedNanos = nowNanos;
        firstPassDone = false;
        nextActionNanos = nowNanos + REPAIR_DUMP_LIMIT_NANOS;
    }

    boolean repairDumpOverdue(long nowNanos) {
        return repair != null && !firstPassDone && nowNanos - repairRequestedNanos >= REPAIR_DUMP_LIMIT_NANOS;
    }

    /** The dump ended and the first pass wrote what differed; the second pass is due a moment later. */
    void firstPass(long dumpBoundaryNanos, int links, Reconciler.Outcome outcome, long nowNanos) {
        boundaryNanos = dumpBoundaryNanos;
        linksSeen = links;
        firstPassDone = true;
        add(outcome);
        nextActionNanos = nowNanos + CONFIRM_DELAY_NANOS;
    }

    boolean firstPassDone() {
        return firstPassDone;
    }

    /** Every message from here on is at least as recent as the repair dump. */
    long boundaryNanos() {
        return boundaryNanos;
    }

    void add(Reconciler.Outcome outcome) {
        written += outcome.written().size();
        deleted += outcome.deleted().size();
    }

    String summary() {
        return "STATE_DB verified against a fresh kernel dump of " + linksSeen + " links: " + written
                + " rows written, " + deleted + " deleted";
    }
}
