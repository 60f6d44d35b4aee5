package net.sonic.portsyncd.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.sync.PortView;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code portsyncd:ports}: the ports the sync engine knows, as a table or as JSON. */
public final class PortsReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PortsReport() {
    }

    /**
     * The ports named in {@code names}, in the order given, or every port when {@code names} is empty.
     *
     * @throws CommandException naming every requested port that does not exist
     */
    public static List<PortView> select(List<PortView> ports, Collection<String> names) throws CommandException {
        if (names == null || names.isEmpty()) {
            return ports;
        }
        Map<String, PortView> byName = new LinkedHashMap<>();
        ports.forEach(port -> byName.put(port.name(), port));
        List<PortView> selected = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            PortView port = byName.get(name);
            if (port == null) {
                unknown.add(name);
            } else {
                selected.add(port);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandException("Unknown port(s): " + String.join(", ", unknown));
        }
        return selected;
    }

    public static ShellTable table(List<PortView> ports) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Ifindex").alignRight();
        table.column("Admin");
        table.column("Oper");
        table.column("MTU").alignRight();
        table.column("Last change");
        table.emptyTableText("no ports");
        for (PortView port : ports) {
            table.addRow().addContent(port.name(), port.ifindex(), Format.upDown(port.adminUp()),
                    Format.upDown(port.operUp()), port.mtu(), Format.instant(port.lastChangeMillis()));
        }
        return table;
    }

    /** A JSON array with one object per port; field names are stable for scripts. */
    public static String json(List<PortView> ports) {
        ArrayNode array = JSON.createArrayNode();
        for (PortView port : ports) {
            ObjectNode node = array.addObject();
            node.put("name", port.name());
            node.put("ifindex", port.ifindex());
            node.put("adminStatus", Format.upDown(port.adminUp()));
            node.put("operStatus", Format.upDown(port.operUp()));
            node.put("mtu", port.mtu());
            node.put("lastChangeMillis", port.lastChangeMillis());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
