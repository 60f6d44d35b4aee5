package net.sonic.portsyncd.netlink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few fields of {@code ip -j link show} the tests compare, keyed by ifindex. */
final class IpLinks {
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern IFINDEX = Pattern.compile("\"ifindex\":(\\d+)");
    private static final Pattern IFNAME = Pattern.compile("\"ifname\":\"([^\"]+)\"");
    private static final Pattern MTU = Pattern.compile("\"mtu\":(\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\"flags\":\\[([^\\]]*)\\]");
    private static final Pattern MASTER = Pattern.compile("\"master\":\"([^\"]+)\"");

    record IpLink(int ifindex, String name, long mtu, boolean up, String master) {
    }

    private IpLinks() {
    }

    static Map<Integer, IpLink> parse(String json) {
        Map<Integer, IpLink> links = new LinkedHashMap<>();
        Matcher object = OBJECT.matcher(json);
        while (object.find()) {
            String text = object.group();
            int ifindex = Integer.parseInt(field(IFINDEX, text));
            String flags = field(FLAGS, text);
            links.put(ifindex, new IpLink(ifindex, field(IFNAME, text), Long.parseLong(field(MTU, text)),
                    flags.contains("\"UP\""), optional(MASTER, text)));
        }
        if (links.size() != json.split("\"ifindex\"", -1).length - 1) {
            throw new IllegalStateException("unexpected nesting in ip -j output: " + json);
        }
        return links;
    }

    private static String field(Pattern pattern, String text) {
        String value = optional(pattern, text);
        if (value == null) {
            throw new IllegalStateException(pattern + " not found in " + text);
        }
        return value;
    }

    private static String optional(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
