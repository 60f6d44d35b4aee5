package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import net.sonic.portsyncd.api.sync.PortView;

/**
 * {@link PortView}s as the {@code Ports} table, indexed by port name, in the order the sync engine lists them
 * (SONiC's; the table keeps it). The port's fields carry STATE_DB's names and values.
 */
public final class PortRows {
    private static final OpenTypes.Item[] ITEMS = {
        item("name", "Netdev name, e.g. Ethernet0", SimpleType.STRING),
        item("ifindex", "Kernel interface index", SimpleType.INTEGER),
        item(PortView.ADMIN_STATUS, "up or down: the netdev is administratively up (IFF_UP), as in STATE_DB",
                SimpleType.STRING),
        item(PortView.NETDEV_OPER_STATUS, "up or down: the netdev is operationally up (IFF_RUNNING), as in STATE_DB",
                SimpleType.STRING),
        item(PortView.MTU, "MTU in bytes, as in STATE_DB", SimpleType.LONG),
        item(PortView.LAST_CHANGE_AT_MILLIS, "When the kernel last changed the port, epoch milliseconds", SimpleType.LONG),
    };
    public static final CompositeType ROW = OpenTypes.composite("net.sonic.portsyncd.Port",
            "A port as last seen in the kernel", ITEMS);
    public static final TabularType TABLE = OpenTypes.table("net.sonic.portsyncd.Ports", "Ports by name", ROW, "name");

    private PortRows() {
    }

    public static TabularData tableOf(List<PortView> ports) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (PortView port : ports) {
            table.put(rowOf(port));
        }
        return table;
    }

    public static CompositeData rowOf(PortView port) {
        return OpenTypes.data(ROW, ITEMS, port.name(), port.ifindex(), port.adminStatus(), port.netdevOperStatus(),
                port.mtu(), port.lastChangeMillis());
    }
}
