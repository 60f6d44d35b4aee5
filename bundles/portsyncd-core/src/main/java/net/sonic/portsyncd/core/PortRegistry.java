package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.support.ports.PortNameOrder;

/**
 * What the engine has put into STATE_DB, port by port, and the configured ports still waiting for their netdev
 * (the reference's g_portSet). Written by the sync thread; read by operators and the state store at any time.
 */
final class PortRegistry {

    private record KnownPort(String name, int ifindex, int flags, long mtu, long lastChangeMillis) {
        boolean sameAs(LinkEvent event) {
            return ifindex == event.ifindex() && flags == event.flags() && mtu == event.mtu();
        }
    }

    private final Map<String, KnownPort> known = new ConcurrentHashMap<>();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /** Records a written row; true when it changed what was known of the port. */
    boolean written(LinkEvent event, long nowMillis) {
        KnownPort before = known.get(event.name());
        if (before != null && before.sameAs(event)) {
            return false;
        }
        known.put(event.name(), new KnownPort(event.name(), event.ifindex(), event.flags(), event.mtu(), nowMillis));
        return true;
    }

    /** Records a deleted row; true when the port was known. */
    boolean deleted(String name) {
        return known.remove(name) != null;
    }

    Set<String> knownNames() {
        return Set.copyOf(known.keySet());
    }

    int knownCount() {
        return known.size();
    }

    void awaitNetdevs(Collection<String> configuredPorts) {
        waiting.clear();
        waiting.addAll(configuredPorts);
    }

    /** The port's netdev was seen with its APPL_DB row; true when it was still awaited. */
    boolean arrived(String name) {
        return waiting.remove(name);
    }

    boolean allArrived() {
        return waiting.isEmpty();
    }

    int awaitedCount() {
        return waiting.size();
    }

    /** In SONiC's order of ports (Ethernet0, Ethernet4, ..., Ethernet100). */
    List<PortView> views() {
        List<PortView> views = new ArrayList<>(known.size());
        for (KnownPort port : known.values()) {
            views.add(new PortView(port.name(), port.ifindex(), (port.flags() & LinkEvent.IFF_UP) != 0,
                    (port.flags() & LinkEvent.IFF_RUNNING) != 0, port.mtu(), port.lastChangeMillis()));
        }
        views.sort(Comparator.comparing(PortView::name, PortNameOrder.NATURAL));
        return views;
    }

    Map<String, PortRecord> records() {
        Map<String, PortRecord> records = new TreeMap<>();
        for (KnownPort port : known.values()) {
            records.put(port.name(), new PortRecord(port.name(), port.ifindex(), (port.flags() & LinkEvent.IFF_UP) != 0,
                    (port.flags() & LinkEvent.IFF_RUNNING) != 0, port.flags(), port.mtu()));
        }
        return records;
    }
}
