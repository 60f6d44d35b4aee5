package net.sonic.portsyncd.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.sonic.portsyncd.api.link.LinkEvent;

/** The STATE_DB {@code PORT_TABLE|<name>} fields portsyncd owns, in the reference's HSET order. */
final class StateRow {
    static final String TABLE = "PORT_TABLE";
    static final String STATE = "state";
    static final String OPER = "netdev_oper_status";
    static final String ADMIN = "admin_status";
    static final String MTU = "mtu";
    /** The order {@link #fieldsOf} writes them in. */
    static final List<String> FIELD_NAMES = List.of(STATE, OPER, ADMIN, MTU);

    private StateRow() {
    }

    static Map<String, String> fieldsOf(LinkEvent event) {
        Map<String, String> fields = new LinkedHashMap<>(8);
        fields.put(STATE, "ok");
        fields.put(OPER, event.operUp() ? "up" : "down");
        fields.put(ADMIN, event.adminUp() ? "up" : "down");
        // libnl reports a missing IFLA_MTU as 0
        fields.put(MTU, Long.toString(Math.max(event.mtu(), 0)));
        return fields;
    }

    /** True when the row already carries exactly these values for portsyncd's fields; other fields are not ours. */
    static boolean holds(Map<String, String> row, Map<String, String> fields) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!Objects.equals(row.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return true;
    }
}
