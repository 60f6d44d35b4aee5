package net.sonic.portsyncd.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sonic.portsyncd.api.sync.PortView;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code portsyncd:ports}: the ports the sync engine knows, as a table or as JSON, in the engine's order (SONiC's:
 * Ethernet0, Ethernet4, ..., Ethernet100). Both name the fields as STATE_DB {@code PORT_TABLE} and the JMX table
 * do ({@code admin_status}, {@code netdev_oper_status}, {@code mtu}), with the values {@code up} and {@code down}.
 */
public final class PortsReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String NAME = "name";
    private static final String IFINDEX = "ifindex";
    /** The table shows {@link PortView#LAST_CHANGE_AT_MILLIS} as an ISO-8601 UTC time. */
    private static final String LAST_CHANGE = "last_change";

    private PortsReport() {
    }

    /**
     * The ports named in {@code names}, or every port when {@code names} is empty, in the order of {@code ports}.
     *
     * @throws CommandException naming every requested port that does not exist
     */
    public static List<PortView> select(List<PortView> ports, Collection<String> names) throws CommandException {
        if (names == null || names.isEmpty()) {
            return ports;
        }
        Set<String> known = new HashSet<>();
        ports.forEach(port -> known.add(port.name()));
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new CommandException("Unknown port(s): " + String.join(", ", unknown));
        }
        Set<String> wanted = new HashSet<>(names);
        return ports.stream().filter(port -> wanted.contains(port.name())).toList();
    }

    public static ShellTable table(List<PortView> ports) {
        ShellTable table = new ShellTable();
        table.column(NAME);
        table.column(IFINDEX).alignRight();
        table.column(PortView.ADMIN_STATUS);
        table.column(PortView.NETDEV_OPER_STATUS);
        table.column(PortView.MTU).alignRight();
        table.column(LAST_CHANGE);
        table.emptyTableText("no ports");
        for (PortView port : ports) {
            table.addRow().addContent(port.name(), port.ifindex(), port.adminStatus(), port.netdevOperStatus(),
                    port.mtu(), Format.instant(port.lastChangeMillis()));
        }
        return table;
    }

    /** A JSON array with one object per port, named as the JMX table names them; stable for scripts. */
    public static String json(List<PortView> ports) {
        ArrayNode array = JSON.createArrayNode();
        for (PortView port : ports) {
            ObjectNode node = array.addObject();
            node.put(NAME, port.name());
            node.put(IFINDEX, port.ifindex());
            node.put(PortView.ADMIN_STATUS, port.adminStatus());
            node.put(PortView.NETDEV_OPER_STATUS, port.netdevOperStatus());
            node.put(PortView.MTU, port.mtu());
            node.put(PortView.LAST_CHANGE_AT_MILLIS, port.lastChangeMillis());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
