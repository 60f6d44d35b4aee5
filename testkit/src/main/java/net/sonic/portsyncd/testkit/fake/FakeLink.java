package net.sonic.portsyncd.testkit.fake;

import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;

/** One netdev of the fake kernel. Guarded by the capture's kernel lock. */
final class FakeLink {
    /** IFF_BROADCAST | IFF_MULTICAST, which every Ethernet-like netdev carries. */
    private static final int ALWAYS = 0x2 | 0x1000;
    private static final int IF_OPER_DOWN = 2;
    private static final int IF_OPER_UP = 6;

    final String name;
    final int ifindex;
    final String kind;
    final String address;
    boolean adminUp;
    boolean carrier;
    long mtu;
    int master;

    FakeLink(String name, int ifindex, String kind, long mtu, boolean carrier) {
        this.name = name;
        this.ifindex = ifindex;
        this.kind = kind;
        this.mtu = mtu;
        this.carrier = carrier;
        this.address = String.format("02:00:00:00:%02x:%02x", (ifindex >> 8) & 0xff, ifindex & 0xff);
    }

    /** IFF_UP when admin up; IFF_RUNNING and IFF_LOWER_UP when also carrier, as the kernel reports a veth or tap. */
    int flags() {
        int flags = ALWAYS;
        if (adminUp) {
            flags |= LinkEvent.IFF_UP;
            if (carrier) {
                flags |= LinkEvent.IFF_RUNNING | LinkEvent.IFF_LOWER_UP;
            }
        }
        return flags;
    }

    /** The message the kernel sends about this link: a notification ({@code dumpSequence} 0) or a dump entry. */
    LinkEvent event(LinkMessageType type, int family, int change, int dumpSequence) {
        boolean running = (flags() & LinkEvent.IFF_RUNNING) != 0;
        return new LinkEvent(type, family, ifindex, flags(), change, name, mtu, master, address,
                running ? IF_OPER_UP : IF_OPER_DOWN, carrier && adminUp ? 1 : 0, kind, dumpSequence,
                System.nanoTime());
    }
}
