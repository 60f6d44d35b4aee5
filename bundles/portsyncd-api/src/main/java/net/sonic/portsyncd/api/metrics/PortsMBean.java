package net.sonic.portsyncd.api.metrics;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@code net.sonic.portsyncd:type=Ports}: the ports as the sync engine last saw them in the kernel. The MBean's
 * info is an OpenMBeanInfo declaring the table and composite types below.
 */
public interface PortsMBean {

    /**
     * One row per port, index {@code name}: {@code ifindex} (int), {@code adminUp}, {@code operUp} (boolean),
     * {@code mtu} (long), {@code lastChangeMillis} (long, epoch milliseconds).
     */
    TabularData getPorts();

    int getPortCount();

    /**
     * The sync engine: {@code running}, {@code mode}, {@code portConfigDone}, {@code portInitDone},
     * {@code pendingPorts}, {@code knownPorts}, {@code redisAvailable}, {@code backlogPorts}.
     */
    CompositeData getStatus();

    /**
     * Re-dumps netlink and makes STATE_DB equal to the kernel; returns {@code linksSeen}, {@code rowsWritten},
     * {@code rowsDeleted}, {@code durationMillis}.
     */
    CompositeData resync();
}
