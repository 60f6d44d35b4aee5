package net.sonic.portsyncd.bench.e2e;

/** The names under which the container results are published (JSON keys, table rows, plot series). */
public final class ContainerMetrics {
    public static final String VARIANT = "assembly";
    public static final String TO_PORT_CONFIG_DONE = "process spawn -> PortConfigDone (ms)";
    public static final String TO_PORT_INIT_DONE = "process spawn -> PortInitDone (ms)";
    public static final String TO_ALL_ROWS = "process spawn -> all N STATE_DB rows (ms)";
    public static final String TO_IDLE = "process spawn -> container idle, all of Karaf started (ms)";
    public static final String RSS = "container JVM RSS after start-up (MiB)";
    public static final String RSS_AFTER_EVENTS = "container JVM RSS after the changes (MiB)";
    public static final String THREADS = "container JVM threads";
    public static final String CPU = "container CPU until all rows (s)";
    public static final String CPU_TO_IDLE = "container CPU until idle (s)";
    public static final String CPU_BY_THREAD = "container CPU until idle by thread (s)";
    public static final String STOP = "bin/stop -> process exit (ms)";
    public static final String SPAWNED_AT = "spawned at";
    public static final String LOAD = "load average (1 min) at the start";
    public static final String EVENT_MEDIAN = "ip exit -> STATE_DB HSET (MONITOR), median (ms)";
    public static final String EVENT_P99 = "ip exit -> STATE_DB HSET (MONITOR), p99 (ms)";
    public static final String EVENT_MAX = "ip exit -> STATE_DB HSET (MONITOR), max (ms)";
    public static final String EVENT_FROM_SPAWN_MEDIAN = "ip spawn -> STATE_DB HSET (MONITOR), median (ms)";
    public static final String EVENT_FROM_SPAWN_P99 = "ip spawn -> STATE_DB HSET (MONITOR), p99 (ms)";
    public static final String EVENT_MISSED = "changes whose write was not seen within 5 s";

    /** Prefixes of the summary over the warm starts and of the first start's figures. */
    public static final String WARM_MEDIAN = "warm starts, median: ";
    public static final String WARM_RANGE = "warm starts, range: ";
    public static final String FIRST = "first start: ";

    private ContainerMetrics() {
    }
}
