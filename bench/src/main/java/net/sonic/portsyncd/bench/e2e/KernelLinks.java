package net.sonic.portsyncd.bench.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.testkit.NetNs;

/** The kernel's view of a namespace's links, from {@code ip -o link show}. */
final class KernelLinks {
    private static final Pattern LINE = Pattern.compile("^(\\d+): ([^:@]+)(@[^:]+)?: <([^>]*)> .*? state (\\S+)");

    /** One link: ifindex, admin (IFF_UP) and oper (IFF_RUNNING: up with operstate UP or UNKNOWN). */
    record Link(String name, int ifindex, boolean adminUp, boolean operUp) {
        String admin() {
            return adminUp ? "up" : "down";
        }

        String oper() {
            return operUp ? "up" : "down";
        }
    }

    private KernelLinks() {
    }

    static Map<String, Link> read(NetNs ns) {
        Map<String, Link> links = new HashMap<>();
        for (String line : ns.ip("-o", "link", "show").split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                boolean up = List.of(m.group(4).split(",")).contains("UP");
                boolean running = up && (m.group(5).equals("UP") || m.group(5).equals("UNKNOWN"));
                links.put(m.group(2), new Link(m.group(2), Integer.parseInt(m.group(1)), up, running));
            }
        }
        return links;
    }
}
