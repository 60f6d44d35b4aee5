package net.sonic.portsyncd.api.link;

/**
 * One rtnetlink link message as the kernel sent it.
 *
 * @param type          NEWLINK or DELLINK
 * @param family        ifi_family (AF_UNSPEC 0, AF_BRIDGE 7, ...); bridge-port messages are delivered too
 * @param ifindex       ifi_index
 * @param flags         ifi_flags (IFF_UP 0x1, IFF_RUNNING 0x40, IFF_LOWER_UP 0x10000, ...)
 * @param change        ifi_change
 * @param name          IFLA_IFNAME, never null (messages without a name are not delivered)
 * @param mtu           IFLA_MTU as an unsigned value, or -1 when absent
 * @param master        IFLA_MASTER, 0 when absent
 * @param address       IFLA_ADDRESS as colon-separated hex, or null when absent
 * @param operState     IFLA_OPERSTATE (RFC 2863 value), or -1 when absent
 * @param carrier       IFLA_CARRIER (0/1), or -1 when absent
 * @param kind          IFLA_LINKINFO/IFLA_INFO_KIND (e.g. "veth", "team", "bridge"), or null when absent
 * @param dumpSequence  the sequence number of the dump this entry answers, or 0 for a notification
 * @param receivedNanos {@link System#nanoTime()} when the datagram carrying it was received
 */
public record LinkEvent(
        LinkMessageType type,
        int family,
        int ifindex,
        int flags,
        int change,
        String name,
        long mtu,
        int master,
        String address,
        int operState,
        int carrier,
        String kind,
        int dumpSequence,
        long receivedNanos) {

    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int AF_UNSPEC = 0;
    public static final int AF_BRIDGE = 7;

    public LinkEvent {
        if (type == null || name == null) {
            throw new IllegalArgumentException("type and name are required");
        }
    }

    /** Administrative state as SONiC reports it: IFF_UP. */
    public boolean adminUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Operational state as SONiC reports it since sonic-swss #1568: IFF_RUNNING. */
    public boolean operUp() {
        return (flags & IFF_RUNNING) != 0;
    }

    public boolean isDumpEntry() {
        return dumpSequence != 0;
    }
}
