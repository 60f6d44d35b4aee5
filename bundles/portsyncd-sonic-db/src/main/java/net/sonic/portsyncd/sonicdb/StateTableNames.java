package net.sonic.portsyncd.sonicdb;

import net.sonic.portsyncd.api.db.DbInfo;

/** The Redis names swss-common derives from a state table's name (common/table.h). */
record StateTableNames(DbInfo db, String table) {

    String keySet() {
        return table + "_KEY_SET";
    }

    String delSet() {
        return table + "_DEL_SET";
    }

    /** {@code <T>_CHANNEL@<id>}, the channel name since swss-common #568. */
    String channel() {
        return table + "_CHANNEL@" + db.id();
    }

    /** {@code _<T><sep><key>}, where pending fields wait for the consumer. */
    String tempHash(String key) {
        return "_" + db.key(table, key);
    }

    /** {@code <T><sep>}, prefix of the final hashes. */
    String tablePrefix() {
        return table + db.separator();
    }
}
