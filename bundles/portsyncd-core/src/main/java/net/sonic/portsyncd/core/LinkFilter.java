package net.sonic.portsyncd.core;

import java.util.Set;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;

/**
 * The message filters of the reference LinkSync::onMsg, in its order: port-name prefix, team kind, DELLINK of
 * an enslaved port, old ifindex. Only RTM_NEWLINK and RTM_DELLINK ever reach a listener, so the type rule holds
 * by construction.
 */
final class LinkFilter {

    enum Verdict {
        ACCEPTED(Counter.NETLINK_ACCEPTED),
        IGNORED_NAME(Counter.NETLINK_IGNORED_NAME),
        IGNORED_TEAM(Counter.NETLINK_IGNORED_TEAM),
        IGNORED_MASTER(Counter.NETLINK_IGNORED_MASTER),
        IGNORED_OLD_IFINDEX(Counter.NETLINK_IGNORED_OLD_IFINDEX);

        private final Counter counter;

        Verdict(Counter counter) {
            this.counter = counter;
        }

        Counter counter() {
            return counter;
        }

        boolean passesStaticRules() {
            return this == ACCEPTED || this == IGNORED_OLD_IFINDEX;
        }
    }

    private LinkFilter() {
    }

    static boolean isPortName(String name) {
        return name.startsWith("Ethernet") || name.startsWith("PortChannel");
    }

    /** The rules that depend only on the message itself. */
    static Verdict staticVerdict(LinkEvent event) {
        if (!isPortName(event.name())) {
            return Verdict.IGNORED_NAME;
        }
        if ("team".equals(event.kind())) {
            // teamsyncd owns LAG netdevs
            return Verdict.IGNORED_TEAM;
        }
        if (event.master() != 0 && event.type() == LinkMessageType.DEL_LINK) {
            // a port leaving a bridge gets an AF_BRIDGE DELLINK while still enslaved; the port itself lives on
            return Verdict.IGNORED_MASTER;
        }
        return Verdict.ACCEPTED;
    }

    static Verdict verdict(LinkEvent event, Set<Integer> oldIfindexes) {
        Verdict verdict = staticVerdict(event);
        if (verdict == Verdict.ACCEPTED && oldIfindexes.contains(event.ifindex())) {
            return Verdict.IGNORED_OLD_IFINDEX;
        }
        return verdict;
    }
}
