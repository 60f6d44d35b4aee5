package net.sonic.portsyncd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.SonicDb;

/**
 * The ports of the benchmarks' CONFIG_DB: {@code Ethernet0}, {@code Ethernet4}, ..., each a 100G port of four lanes
 * with the fields a SONiC switch's {@code PORT} rows have, so that every benchmark copies rows of the same size.
 */
public final class ConfigPorts {
    private ConfigPorts() {
    }

    /** The name of the {@code index}th port (from 0). */
    public static String name(int index) {
        return "Ethernet" + index * 4;
    }

    /** The CONFIG_DB {@code PORT} row of the {@code index}th port, its fields in a fixed order. */
    public static Map<String, String> row(int index) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lanes", (4 * index) + "," + (4 * index + 1) + "," + (4 * index + 2) + "," + (4 * index + 3));
        fields.put("speed", "100000");
        fields.put("alias", "etp" + (index + 1));
        fields.put("index", Integer.toString(index + 1));
        fields.put("mtu", "9100");
        fields.put("admin_status", "up");
        fields.put("fec", "rs");
        return fields;
    }

    /** The rows of the first {@code count} ports, keyed by port name. */
    public static List<KeyFields> rows(int count) {
        List<KeyFields> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new KeyFields(name(i), row(i)));
        }
        return rows;
    }

    /** Writes the rows of the first {@code count} ports into CONFIG_DB, in one pipeline. */
    public static void seed(SonicDb db, int count) {
        try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
            Batch batch = config.batch();
            for (KeyFields row : rows(count)) {
                batch.hset(config.info().key("PORT", row.key()), row.fields());
            }
            batch.execute();
        }
    }
}
