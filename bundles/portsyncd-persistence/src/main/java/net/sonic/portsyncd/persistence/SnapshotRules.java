package net.sonic.portsyncd.persistence;

import java.util.Map;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * The sanity rules every saved and every loaded snapshot must meet. Saving applies the same rules as loading,
 * so the store never writes a file it would later reject.
 */
final class SnapshotRules {
    /** A switch has at most a few hundred front-panel ports; this bounds memory when reading a hostile file. */
    static final int MAX_PORTS = 65_536;
    /** IFNAMSIZ is 16 including the terminating NUL. */
    static final int MAX_NAME_LENGTH = 15;
    /** ETH_MIN_MTU: the kernel refuses anything lower on the links portsyncd handles. */
    static final long MIN_MTU = 68;
    /** The largest MTU a Linux netdev reports (loopback). */
    static final long MAX_MTU = 65_536;
    /** The value the netlink parser uses when IFLA_MTU was absent. */
    static final long MTU_ABSENT = -1;

    private static final Pattern BOOT_ID = Pattern.compile("[0-9a-fA-F-]{0,64}");

    private SnapshotRules() {
    }

    static void check(PortStateSnapshot snapshot) throws InvalidStateFileException {
        if (snapshot.savedAtMillis() < 0) {
            throw new InvalidStateFileException("saved_at is negative: " + snapshot.savedAtMillis());
        }
        if (snapshot.bootId() == null || !BOOT_ID.matcher(snapshot.bootId()).matches()) {
            throw new InvalidStateFileException("boot_id is not a kernel boot id: " + Reasons.quote(snapshot.bootId()));
        }
        if (snapshot.ports().size() > MAX_PORTS) {
            throw new InvalidStateFileException(
                    "ports holds " + snapshot.ports().size() + " entries, more than the limit of " + MAX_PORTS);
        }
        for (Map.Entry<String, PortRecord> entry : snapshot.ports().entrySet()) {
            checkPort(entry.getKey(), entry.getValue());
        }
    }

    private static void checkPort(String key, PortRecord port) throws InvalidStateFileException {
        String where = "ports." + Reasons.quote(key);
        String nameProblem = nameProblem(key);
        if (nameProblem != null) {
            throw new InvalidStateFileException(where + ": port name " + nameProblem);
        }
        if (port == null || !key.equals(port.name())) {
            throw new InvalidStateFileException(where + ": record is missing or named "
                    + (port == null ? "nothing" : Reasons.quote(port.name())));
        }
        if (port.ifindex() <= 0) {
            throw new InvalidStateFileException(where + ".ifindex must be positive, was " + port.ifindex());
        }
        if (port.mtu() != MTU_ABSENT && (port.mtu() < MIN_MTU || port.mtu() > MAX_MTU)) {
            throw new InvalidStateFileException(where + ".mtu must be between " + MIN_MTU + " and " + MAX_MTU
                    + " (or " + MTU_ABSENT + " when unknown), was " + port.mtu());
        }
    }

    /** The kernel's dev_valid_name(), restricted to printable ASCII; null when the name is fine. */
    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is a path component";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
                return "contains a character a netdev name cannot hold";
            }
        }
        return null;
    }
}
