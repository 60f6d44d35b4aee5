package net.sonic.portsyncd.api.state;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The crash-safe port state file with its backups. All methods are thread safe. */
public interface PortStateStore {

    /** Loads through the recovery chain; a recovered backup is promoted to the live file. Never throws. */
    LoadOutcome load();

    /** Saves now (atomic replace). */
    void save(PortStateSnapshot snapshot) throws java.io.IOException;

    /** Saves at most once per configured interval; the supplier is called when the save happens. */
    void saveCoalesced(Supplier<PortStateSnapshot> snapshot);

    /** Copies the live file to a new backup now; empty when there is no live file. */
    Optional<BackupFile> rotate() throws java.io.IOException;

    /** Newest first. */
    List<BackupFile> listBackups();

    /** Keeps the newest {@code keep} backups; returns how many were removed. */
    int cleanupBackups(int keep);

    /** Removes backups older than the configured maximum age; returns how many were removed. */
    int cleanupStaleFiles();

    /** The running kernel's boot id. */
    String currentBootId();

    /**
     * What the store refuses to use or leaves alone in its directories, one line each naming the path and what is
     * there: a state directory, state file or {@code backups/} it will not read or write through (a symbolic link,
     * the wrong kind of file, a directory of another user), and entries of {@code backups/} it did not write, which
     * no cleanup removes. Empty when there is nothing of the kind.
     */
    default List<String> refusedPaths() {
        return List.of();
    }
}
