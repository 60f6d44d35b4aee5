package net.sonic.portsyncd.api.warm;

import java.util.Optional;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * How the sync engine must start.
 *
 * @param mode         COLD or WARM
 * @param reason       why, naming the evidence, for logs and JMX (e.g. "SONiC warm start: WARM_RESTART_ENABLE_TABLE|swss
 *                     enable=true, restore_count=4", "resume: APPL_DB holds PORT_TABLE:PortConfigDone ...")
 * @param hotSwap      WARM because portsyncd alone restarted (bundle operation, configuration change, JVM restart)
 *                     while SONiC ran on, as APPL_DB's surviving PortConfigDone shows: a resume, not a SONiC warm
 *                     restart
 * @param savedState   the state saved before the restart, when one was loaded and may seed the start
 */
public record StartDecision(RestartMode mode, String reason, boolean hotSwap, Optional<PortStateSnapshot> savedState) {
}
