package net.sonic.portsyncd.bench.e2e;

/** The names under which the end-to-end results are published (JSON keys, table rows, plot series). */
public final class E2eMetrics {
    public static final String PORTS = "ports";
    public static final String TO_PORT_CONFIG_DONE = "activation -> PortConfigDone (ms)";
    public static final String TO_PORT_INIT_DONE = "activation -> PortInitDone (ms)";
    public static final String TO_ALL_ROWS = "activation -> all N STATE_DB rows (ms)";
    public static final String LAST_NETDEV_TO_ALL_ROWS = "last netdev notified -> all N STATE_DB rows (ms)";
    public static final String LATENCY_MEDIAN = "kernel ack -> keyspace event, median (ms)";
    public static final String LATENCY_P99 = "kernel ack -> keyspace event, p99 (ms)";
    public static final String LATENCY_MAX = "kernel ack -> keyspace event, max (ms)";
    public static final String REQUEST_MEDIAN = "rtnetlink request sent -> keyspace event, median (ms)";
    public static final String REQUEST_P99 = "rtnetlink request sent -> keyspace event, p99 (ms)";
    public static final String REQUEST_MAX = "rtnetlink request sent -> keyspace event, max (ms)";
    public static final String LATENCY_CURVE = "rtnetlink request sent -> keyspace event, percentiles (us)";
    public static final String ENGINE_MEDIAN = "netlink receive -> write acked, median (ms)";
    public static final String ENGINE_P99 = "netlink receive -> write acked, p99 (ms)";
    public static final String ENGINE_MAX = "netlink receive -> write acked, max (ms)";
    public static final String STORM_SECONDS = "storm: changes made in (s)";
    public static final String STORM_CONVERGED = "storm: converged after last change (s)";
    public static final String STORM_STALE = "storm: ports never converged";
    public static final String HEAP = "heap after full GC (MiB)";
    public static final String RSS = "RSS (MiB)";
    public static final String CPU_ONE_BY_ONE = "engine CPU per 10,000 events, one at a time (s)";
    public static final String CPU_STORM = "engine CPU per 10,000 events, storm (s)";
    public static final String HOT_SWAP_RECONCILED = "hot swap: activation -> reconciled, median (ms)";
    public static final String HOT_SWAP_WRITES = "hot swap: STATE_DB PORT_TABLE writes, total";
    public static final String RESUME_RECONCILED = "activation -> reconciled (ms)";
    public static final String RESUME_EQUAL = "activation -> STATE_DB equals the kernel (ms)";
    public static final String RESUME_WRITES = "STATE_DB PORT_TABLE writes / deletes";
    public static final String RESUME_PREFIX = "resume after a JVM restart: ";
    public static final String RESUME_REPEATS = RESUME_PREFIX + "per restart";

    private E2eMetrics() {
    }
}
