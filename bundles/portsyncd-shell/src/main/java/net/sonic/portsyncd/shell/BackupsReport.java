package net.sonic.portsyncd.shell;

import java.util.ArrayList;
import java.util.List;
import net.sonic.portsyncd.api.state.BackupFile;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code portsyncd:backups}: the backups of the state file, newest first, then what the store refuses or leaves
 * alone in its directories (no cleanup removes it).
 */
public final class BackupsReport {
    private BackupsReport() {
    }

    /** One line per refused path or stranger in {@code backups/}; nothing when there is none. */
    public static List<String> leftAlone(List<String> refusedPaths) {
        if (refusedPaths.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Refused or left alone (not portsyncd's, never removed by a cleanup):");
        refusedPaths.forEach(line -> lines.add("  " + line));
        return lines;
    }

    public static ShellTable table(List<BackupFile> backups) {
        ShellTable table = new ShellTable();
        table.column("File");
        table.column("Created");
        table.column("Bytes").alignRight();
        table.emptyTableText("no backups");
        for (BackupFile backup : backups) {
            table.addRow().addContent(backup.fileName(), Format.instant(backup.createdAtMillis()), backup.sizeBytes());
        }
        return table;
    }
}
