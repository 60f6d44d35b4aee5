package net.sonic.portsyncd.api.sync;

/** What a resync changed in STATE_DB. */
public record ResyncResult(int linksSeen, int rowsWritten, int rowsDeleted, long durationMillis) {
}
