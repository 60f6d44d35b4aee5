package net.sonic.portsyncd.testkit.fake;

import net.sonic.portsyncd.api.db.DbInfo;

/** The Redis names swss-common derives from a producer/consumer state table's name (common/table.h). */
record StateTableKeys(DbInfo db, String table) {

    String keySet() {
        return table + "_KEY_SET";
    }

    String delSet() {
        return table + "_DEL_SET";
    }

    String channel() {
        return table + "_CHANNEL@" + db.id();
    }

    /** {@code _<T><sep><key>}, where pending fields wait for the consumer. */
    String pending(String key) {
        return "_" + db.key(table, key);
    }

    String row(String key) {
        return db.key(table, key);
    }
}
