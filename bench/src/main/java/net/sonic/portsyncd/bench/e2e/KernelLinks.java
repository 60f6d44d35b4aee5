package net.sonic.portsyncd.bench.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.testkit.NetNs;

/** The kernel's view of a namespace's links, from {@code ip -o link show}, and STATE_DB's view of the same ports. */
public final class KernelLinks {
    private static final Pattern LINE = Pattern.compile("^(\\d+): ([^:@]+)(@[^:]+)?: <([^>]*)> .*? state (\\S+)");

    /** One link: ifindex, admin (IFF_UP) and oper (IFF_RUNNING: up with operstate UP or UNKNOWN). */
    public record Link(String name, int ifindex, boolean adminUp, boolean operUp) {
        public String admin() {
            return adminUp ? "up" : "down";
        }

        public String oper() {
            return operUp ? "up" : "down";
        }
    }

    private KernelLinks() {
    }

    public static Map<String, Link> read(NetNs ns) {
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

    public static Map<String, Integer> ifindexes(NetNs ns) {
        Map<String, Integer> ifindexes = new HashMap<>();
        read(ns).forEach((name, link) -> ifindexes.put(name, link.ifindex()));
        return ifindexes;
    }

    /** The STATE_DB PORT_TABLE rows of {@code ports}, read in one pipeline (an absent row is an empty map). */
    public static Map<String, Map<String, String>> stateRows(DbConnection state, Collection<String> ports) {
        Batch batch = state.batch();
        Map<String, Supplier<Map<String, String>>> replies = new HashMap<>();
        for (String port : ports) {
            replies.put(port, batch.hgetall(state.info().key("PORT_TABLE", port)));
        }
        batch.execute();
        Map<String, Map<String, String>> rows = new HashMap<>();
        replies.forEach((port, reply) -> rows.put(port, reply.get()));
        return rows;
    }

    /**
     * The ports whose STATE_DB row does not say what the kernel says (admin and oper status); a port without a
     * netdev is in line when it has no row either.
     */
    public static List<String> stalePorts(Collection<String> ports, Map<String, Link> kernel,
            Map<String, Map<String, String>> rows) {
        List<String> stale = new ArrayList<>();
        for (String port : ports) {
            Link link = kernel.get(port);
            Map<String, String> row = rows.get(port);
            boolean inLine = link == null ? row.isEmpty() : link.admin().equals(row.get("admin_status"))
                    && link.oper().equals(row.get("netdev_oper_status"));
            if (!inLine) {
                stale.add(port);
            }
        }
        return stale;
    }
}
