package net.sonic.portsyncd.api;

/** ObjectNames of the portsyncd MBeans (domain {@value #DOMAIN}). */
public final class Jmx {
    public static final String DOMAIN = "net.sonic.portsyncd";
    public static final String WARM_RESTART = DOMAIN + ":type=WarmRestart";
    public static final String METRICS = DOMAIN + ":type=Metrics";
    public static final String PORTS = DOMAIN + ":type=Ports";
    /** Emits the alarm notifications ({@code portsyncd.alarm.*}) and holds the active alarms. */
    public static final String ALARMS = DOMAIN + ":type=Alarms";

    private Jmx() {
    }
}
