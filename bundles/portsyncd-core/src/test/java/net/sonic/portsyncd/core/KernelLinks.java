package net.sonic.portsyncd.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.testkit.NetNs;

/** The kernel's links as {@code ip -o link show} reports them, judged as SONiC does (admin IFF_UP, oper IFF_RUNNING). */
final class KernelLinks {
    private static final Pattern LINE = Pattern.compile("^(\\d+): ([^:@]+)(@[^:]+)?: <([^>]*)> mtu (\\d+) .*? state (\\S+)");

    record Link(String name, int ifindex, boolean adminUp, boolean operUp, long mtu) {
        /** The STATE_DB fields portsyncd writes for this link. */
        Map<String, String> stateFields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("state", "ok");
            fields.put("netdev_oper_status", operUp ? "up" : "down");
            fields.put("admin_status", adminUp ? "up" : "down");
            fields.put("mtu", Long.toString(mtu));
            return fields;
        }
    }

    private KernelLinks() {
    }

    static Map<String, Link> read(NetNs ns) {
        Map<String, Link> links = new LinkedHashMap<>();
        for (String line : ns.ip("-o", "link", "show").split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                Set<String> flags = Set.of(m.group(4).split(","));
                boolean up = flags.contains("UP");
                String operstate = m.group(6);
                // dev_get_flags: IFF_RUNNING when the device runs and its operstate is UP or UNKNOWN
                boolean running = up && (operstate.equals("UP") || operstate.equals("UNKNOWN"));
                links.put(m.group(2), new Link(m.group(2), Integer.parseInt(m.group(1)), up, running,
                        Long.parseLong(m.group(5))));
            }
        }
        return links;
    }
}
