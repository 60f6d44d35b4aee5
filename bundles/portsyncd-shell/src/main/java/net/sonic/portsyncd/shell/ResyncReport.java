package net.sonic.portsyncd.shell;

import net.sonic.portsyncd.api.sync.ResyncResult;

/** {@code portsyncd:resync}: what the resync changed in STATE_DB. */
public final class ResyncReport {
    private ResyncReport() {
    }

    public static PropertyTable table(ResyncResult result) {
        return new PropertyTable()
                .add("Links seen", result.linksSeen())
                .add("Rows written", result.rowsWritten())
                .add("Rows deleted", result.rowsDeleted())
                .add("Duration", result.durationMillis() + " ms");
    }
}
