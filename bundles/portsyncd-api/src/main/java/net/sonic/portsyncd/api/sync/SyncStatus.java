package net.sonic.portsyncd.api.sync;

import net.sonic.portsyncd.api.warm.RestartMode;

/**
 * The sync engine's state, as an operator wants to see it.
 *
 * @param running          the engine is active and follows the links of its network namespace
 * @param mode             how it started; null before the start decision
 * @param portConfigDone   APPL_DB holds PortConfigDone (read about once a second, and set when this run writes it)
 * @param portInitDone     APPL_DB holds PortInitDone (read about once a second, and set when this run writes it)
 * @param pendingPorts     configured ports not yet seen with an APPL_DB row
 * @param knownPorts       ports with state in STATE_DB
 * @param redisAvailable   false from the first request Redis left unanswered (the engine's or its liveness probe's)
 *                         until STATE_DB has been verified against the kernel after Redis answers again
 * @param backlogPorts     ports whose latest state waits for Redis to come back
 * @param namespaceAttached the netlink capture is attached to its network namespace (false while the namespace is
 *                          missing, deleted or replaced)
 */
public record SyncStatus(boolean running, RestartMode mode, boolean portConfigDone, boolean portInitDone,
        int pendingPorts, int knownPorts, boolean redisAvailable, int backlogPorts, boolean namespaceAttached) {
}
