package net.sonic.portsyncd.shell;

import java.util.List;
import net.sonic.portsyncd.api.state.BackupFile;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code portsyncd:backups}: the backups of the state file, newest first. */
public final class BackupsReport {
    private BackupsReport() {
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
