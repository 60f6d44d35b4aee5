package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import java.util.List;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import net.sonic.portsyncd.api.state.BackupFile;

/** {@link BackupFile}s as a table indexed by file name. */
public final class BackupRows {
    private static final OpenTypes.Item[] ITEMS = {
        item("fileName", "Backup file name", SimpleType.STRING),
        item("createdAtMillis", "Creation time, epoch milliseconds", SimpleType.LONG),
        item("sizeBytes", "Size in bytes", SimpleType.LONG),
    };
    public static final CompositeType ROW = OpenTypes.composite("net.sonic.portsyncd.Backup",
            "A backup of the port state file", ITEMS);
    public static final TabularType TABLE = OpenTypes.table("net.sonic.portsyncd.Backups",
            "Backups of the port state file", ROW, "fileName");

    private BackupRows() {
    }

    public static TabularData tableOf(List<BackupFile> backups) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (BackupFile backup : backups) {
            table.put(OpenTypes.data(ROW, ITEMS, backup.fileName(), backup.createdAtMillis(), backup.sizeBytes()));
        }
        return table;
    }
}
