package net.sonic.portsyncd.api.sync;

/**
 * A port as the sync engine last saw it in the kernel. Operator surfaces (JMX, the shell table, its JSON) name its
 * fields and values as STATE_DB {@code PORT_TABLE} does: {@link #ADMIN_STATUS}, {@link #NETDEV_OPER_STATUS},
 * {@link #MTU}, with {@link #UP} and {@link #DOWN}; the time of the last change is {@link #LAST_CHANGE_AT_MILLIS}.
 *
 * @param adminUp          IFF_UP, STATE_DB's {@code admin_status}
 * @param operUp           IFF_RUNNING, STATE_DB's {@code netdev_oper_status}
 * @param lastChangeMillis wall-clock time of the last message that changed it
 */
public record PortView(String name, int ifindex, boolean adminUp, boolean operUp, long mtu, long lastChangeMillis) {
    public static final String ADMIN_STATUS = "admin_status";
    public static final String NETDEV_OPER_STATUS = "netdev_oper_status";
    public static final String MTU = "mtu";
    public static final String UP = "up";
    public static final String DOWN = "down";
    /** Not a STATE_DB field: epoch milliseconds, named as portsyncd names instants. */
    public static final String LAST_CHANGE_AT_MILLIS = "last_change_at_millis";

    /** {@link #UP} or {@link #DOWN}, as in STATE_DB. */
    public String adminStatus() {
        return adminUp ? UP : DOWN;
    }

    /** {@link #UP} or {@link #DOWN}, as in STATE_DB. */
    public String netdevOperStatus() {
        return operUp ? UP : DOWN;
    }
}
