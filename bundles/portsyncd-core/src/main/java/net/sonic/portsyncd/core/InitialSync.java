package net.sonic.portsyncd.core;

import java.util.Set;

/**
 * The initial sync of one run as the engine accounts for it: whether its window ended, the rows written during it
 * and by its reconciliation, the ports a saved state knew, and whether the lifecycle has had its report. Used by the
 * sync thread only.
 */
final class InitialSync {
    private boolean ended;
    private boolean reported;
    private int written;
    private int deleted;
    private Set<String> savedPorts = Set.of();

    /** The ports of a saved state that seeds this start: deletion candidates until the report. */
    void seed(Set<String> ports) {
        savedPorts = Set.copyOf(ports);
    }

    Set<String> savedPorts() {
        return savedPorts;
    }

    boolean ended() {
        return ended;
    }

    /** @return false when the window had already ended */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /** Rows written or deleted while the window is open or its reconciliation not yet reported. */
    void count(int writtenRows, int deletedRows) {
        if (!reported) {
            written += writtenRows;
            deleted += deletedRows;
        }
    }

    boolean owesReport() {
        return ended && !reported;
    }

    void reported() {
        reported = true;
        savedPorts = Set.of();
    }

    int written() {
        return written;
    }

    int deleted() {
        return deleted;
    }
}
