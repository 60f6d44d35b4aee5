package net.sonic.portsyncd.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The part of a port's APPL_DB row that orchagent (with portmgrd) applies to the port's host interface: {@code mtu}
 * and {@code admin_status}; null where APPL_DB has not said. Values outside what SONiC accepts are refused with a
 * line and leave the setting as it was.
 */
record HostInterfaceSettings(Integer mtu, String adminStatus) {
    static final HostInterfaceSettings NONE = new HostInterfaceSettings(null, null);
    /** Ethernet's smallest MTU and SONiC's largest port MTU. */
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 9216;

    /** These settings with the valid {@code mtu} and {@code admin_status} of {@code fields} applied over them. */
    HostInterfaceSettings with(String port, Map<String, String> fields, Consumer<String> refusals) {
        Integer newMtu = mtu;
        String newAdminStatus = adminStatus;
        String mtuField = fields.get("mtu");
        if (mtuField != null) {
            Integer parsed = parseMtu(mtuField);
            if (parsed == null) {
                refusals.accept(port + ": mtu '" + printable(mtuField) + "' refused: not a number in " + MIN_MTU
                        + ".." + MAX_MTU);
            } else {
                newMtu = parsed;
            }
        }
        String adminField = fields.get("admin_status");
        if (adminField != null) {
            if (adminField.equals("up") || adminField.equals("down")) {
                newAdminStatus = adminField;
            } else {
                refusals.accept(port + ": admin_status '" + printable(adminField) + "' refused: not up or down");
            }
        }
        return new HostInterfaceSettings(newMtu, newAdminStatus);
    }

    /**
     * The {@code ip -batch} lines that take {@code port} from {@code applied} to these settings: like orchagent, only
     * what changed in APPL_DB, so a repeated row leaves alone what an operator did to the netdev since.
     */
    List<String> commandsFrom(HostInterfaceSettings applied, String port) {
        List<String> commands = new ArrayList<>(2);
        if (mtu != null && !mtu.equals(applied.mtu)) {
            commands.add("link set dev " + port + " mtu " + mtu);
        }
        if (adminStatus != null && !adminStatus.equals(applied.adminStatus)) {
            commands.add("link set dev " + port + " " + adminStatus);
        }
        return commands;
    }

    private static Integer parseMtu(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value >= MIN_MTU && value <= MAX_MTU ? value : null;
    }

    static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
