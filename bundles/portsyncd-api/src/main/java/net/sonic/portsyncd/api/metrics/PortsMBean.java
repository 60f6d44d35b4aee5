package net.sonic.portsyncd.api.metrics;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@code net.sonic.portsyncd:type=Ports}: the ports as the sync engine last saw them in the kernel. The MBean's
 * info is an OpenMBeanInfo declaring the table and composite types below.
 */
@Description("The ports as portsyncd's sync engine last saw them in the kernel, and the engine's status")
public interface PortsMBean {

    /**
     * One row per port, index {@code name}, in SONiC's order of ports, named as STATE_DB {@code PORT_TABLE} names
     * them: {@code ifindex} (int), {@code admin_status}, {@code netdev_oper_status} ("up" or "down"), {@code mtu}
     * (long, bytes), {@code last_change_at_millis} (long, epoch milliseconds).
     */
    @Description("One row per port, named as STATE_DB PORT_TABLE names them: admin_status and netdev_oper_status (up"
            + " or down), mtu, with ifindex and the time of the last change")
    TabularData getPorts();

    @Description("Ports the sync engine has written to STATE_DB")
    @Units(Units.COUNT)
    int getPortCount();

    /**
     * The sync engine: {@code running}, {@code mode}, {@code portConfigDone}, {@code portInitDone},
     * {@code pendingPorts}, {@code knownPorts}, {@code redisAvailable}, {@code backlogPorts},
     * {@code namespaceAttached}.
     */
    @Description("The sync engine's status: running, start mode, PortConfigDone and PortInitDone as APPL_DB holds them,"
            + " Redis availability, ports pending and waiting")
    CompositeData getStatus();

    /**
     * Re-dumps netlink and makes STATE_DB equal to the kernel; returns {@code linksSeen}, {@code rowsWritten},
     * {@code rowsDeleted}, {@code durationMillis}.
     */
    @Description("Re-dumps the kernel's links and makes STATE_DB equal to them; returns what it changed")
    CompositeData resync();
}
