package net.sonic.portsyncd.api.warm;

import java.util.Optional;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * How the sync engine must start.
 *
 * @param mode         COLD or WARM
 * @param reason       why, for logs and JMX (e.g. "WARM_RESTART_ENABLE_TABLE|swss enable=true, restore_count=4")
 * @param hotSwap      WARM because a bundle was updated or restarted in this boot (not a SONiC warm restart)
 * @param savedState   the state saved before the restart, when one was loaded
 */
public record StartDecision(RestartMode mode, String reason, boolean hotSwap, Optional<PortStateSnapshot> savedState) {
}
