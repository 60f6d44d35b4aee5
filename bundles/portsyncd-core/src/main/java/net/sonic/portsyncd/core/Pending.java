package net.sonic.portsyncd.core;

/**
 * A reconciliation STATE_DB is owed: every port whose latest message was received at or after
 * {@code boundaryNanos} must be brought in line; {@code complete} when those messages are all the kernel has,
 * so that absent ports are gone.
 */
record Pending(long boundaryNanos, boolean complete) {

    /** Redis failed while messages from {@code oldestNanos} on were being written. */
    static Pending afterFailure(Pending owed, long oldestNanos) {
        if (owed == null) {
            return new Pending(oldestNanos, false);
        }
        // a complete picture stays complete: later messages are newer than it anyway
        if (owed.complete || owed.boundaryNanos - oldestNanos <= 0) {
            return owed;
        }
        return new Pending(oldestNanos, false);
    }

    Pending completed() {
        return new Pending(boundaryNanos, true);
    }
}
