package net.sonic.portsyncd.bench.report;

import java.util.Map;

/**
 * Numbers of the C++ reference portsyncd (sonic-swss), measured on the same kind of machine (2 vCPU, redis 7.0.15
 * over a unix socket, veth netdevs, MONITOR attached), for the plots beside ours. Its clock starts at process
 * spawn, which includes about 12 ms of netns exec and wrapper before its first Redis command.
 */
public final class CxxReference {
    public static final Map<String, Double> SPAWN_TO_PORT_CONFIG_DONE_MS = Map.of("N=32", 33.2, "N=128", 72.9,
            "N=512", 172.8);
    public static final Map<String, Double> SPAWN_TO_PORT_INIT_DONE_MS = Map.of("N=32", 36.8, "N=128", 82.4,
            "N=512", 201.2);
    public static final Map<String, Double> SPAWN_TO_ALL_ROWS_MS = Map.of("N=32", 66.8, "N=128", 186.2,
            "N=512", 484.6);
    /** Admin change, from the exit of {@code ip link set} to the STATE_DB HSET seen by MONITOR, median. */
    public static final Map<String, Double> EVENT_MEDIAN_MS = Map.of("N=32", 0.043, "N=128", 0.053, "N=512", 0.061);
    /** Ports left stale 30 s after a storm of 10,000 changes (its socket overflowed; it never re-dumps). */
    public static final Map<String, Double> STORM_STALE_PORTS = Map.of("N=32", 12.0, "N=128", 45.0, "N=512", 0.0);
    public static final double RSS_MIB = 7.6;
    /**
     * Process spawn to PortConfigDone measured side by side with our container on one machine (same Redis, same
     * namespace with veth ports).
     */
    public static final Map<String, Double> SIDE_BY_SIDE_SPAWN_TO_PORT_CONFIG_DONE_MS = Map.of("N=32", 20.0,
            "N=512", 140.0);
    /** Kernel change ({@code ip} exit) to the STATE_DB HSET in MONITOR, p99 over 1,000 changes, side by side. */
    public static final double SIDE_BY_SIDE_EVENT_P99_LOW_MS = 0.7;
    public static final double SIDE_BY_SIDE_EVENT_P99_HIGH_MS = 1.1;

    private CxxReference() {
    }
}
