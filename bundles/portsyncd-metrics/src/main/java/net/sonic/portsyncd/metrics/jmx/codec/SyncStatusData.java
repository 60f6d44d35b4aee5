package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.sync.SyncStatus;

/** {@link SyncStatus} as composite data. */
public final class SyncStatusData {
    private static final OpenTypes.Item[] ITEMS = {
        item("running", "The sync engine is active and follows the links of its network namespace",
                SimpleType.BOOLEAN),
        item("mode", "COLD or WARM, or NONE before the start decision", SimpleType.STRING),
        item("portConfigDone", "APPL_DB holds PortConfigDone (read about once a second)", SimpleType.BOOLEAN),
        item("portInitDone", "APPL_DB holds PortInitDone (read about once a second)", SimpleType.BOOLEAN),
        item("pendingPorts", "Configured ports not yet seen with an APPL_DB row", SimpleType.INTEGER),
        item("knownPorts", "Ports with state in STATE_DB", SimpleType.INTEGER),
        item("redisAvailable", "False from the first request Redis left unanswered (a liveness probe asks every second)"
                + " until STATE_DB has been verified against the kernel after it answers again", SimpleType.BOOLEAN),
        item("backlogPorts", "Ports whose latest state waits for Redis", SimpleType.INTEGER),
        item("namespaceAttached", "The netlink capture is attached to its network namespace", SimpleType.BOOLEAN),
    };
    public static final CompositeType TYPE = OpenTypes.composite("net.sonic.portsyncd.SyncStatus",
            "The sync engine's state", ITEMS);

    private SyncStatusData() {
    }

    public static CompositeData of(SyncStatus status) {
        return OpenTypes.data(TYPE, ITEMS, status.running(), status.mode() == null ? "NONE" : status.mode().name(), status.portConfigDone(),
                status.portInitDone(), status.pendingPorts(), status.knownPorts(), status.redisAvailable(),
                status.backlogPorts(), status.namespaceAttached());
    }
}
