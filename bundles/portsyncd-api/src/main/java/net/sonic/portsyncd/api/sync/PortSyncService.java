package net.sonic.portsyncd.api.sync;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The sync engine (LinkSync) as the operator surfaces (JMX, shell) see it. */
public interface PortSyncService {

    SyncStatus status();

    /** Ports in SONiC's order: by the numbers in their names (Ethernet0, Ethernet4, ..., Ethernet100). */
    List<PortView> ports();

    /** Re-dumps netlink and makes STATE_DB equal to the kernel; completes with what it changed. */
    CompletionStage<ResyncResult> resync();

    /** Writes the port state file now (operator request); false when no state store is available. */
    boolean saveStateNow();
}
