package net.sonic.portsyncd.logging;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the lines of the {@code net.sonic.portsyncd} loggers to syslog with tag {@code portsyncd}, as the native
 * daemon does. Karaf's logging configuration attaches a PaxOsgi appender with filter {@code *} to the root
 * logger, which hands every event to each {@link PaxAppender} service; this component is one. Lines are sent
 * only while the socket (default {@code /dev/log}) exists and accepts them.
 */
@Component(configurationPid = SyslogComponent.PID, immediate = true, service = PaxAppender.class,
        property = "org.ops4j.pax.logging.appender.name=PortsyncdSyslog")
@Designate(ocd = SyslogComponent.Config.class)
public final class SyslogComponent implements PaxAppender {
    public static final String PID = "net.sonic.portsyncd.syslog";
    static final String TAG = "portsyncd";
    /** rsyslog's default maxMessageSize. */
    static final int MAX_DATAGRAM_BYTES = 8096;
    private static final Logger LOG = LoggerFactory.getLogger(SyslogComponent.class);

    @ObjectClassDefinition(name = "portsyncd syslog",
            description = "Sends portsyncd's log lines to the local syslog socket with program tag portsyncd. "
                    + "A change of this configuration applies at once.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Send log lines to syslog.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Socket", description = "The syslog daemon's unix datagram socket (absolute path).")
        String socket_path() default "/dev/log";

        @AttributeDefinition(name = "Facility", description = "user, daemon or local0..local7.")
        String facility() default "user";

        @AttributeDefinition(name = "Queue capacity", min = "16", max = "1048576",
                description = "Lines waiting to be sent; beyond this they are dropped and counted.")
        int queue_capacity() default 4096;

        @AttributeDefinition(name = "Retry interval (ms)", min = "100", max = "3600000",
                description = "How often a missing or restarted socket is tried again.")
        long retry_interval_ms() default 5000;
    }

    /** A value out of its range is rejected and the last good one kept (see {@link ConfigValidator}). */
    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("enabled", Ranges.flag())
            .key("socket.path", Ranges.absolutePath())
            .key("facility", Ranges.oneOf(Arrays.stream(SyslogFacility.values())
                    .map(facility -> facility.name().toLowerCase(Locale.ROOT)).toList()))
            .key("queue.capacity", Ranges.integers(16, 1 << 20))
            .key("retry.interval.ms", Ranges.integers(100, 3_600_000))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final SyslogForwarder forwarder;

    @Activate
    public SyslogComponent(Map<String, Object> properties) {
        Config config = configCheck.validate(properties);
        if (!config.enabled()) {
            forwarder = null;
            LOG.info("Syslog output disabled by configuration {}", PID);
            return;
        }
        SyslogFacility facility = SyslogFacility.parse(config.facility()).orElseThrow();
        SyslogLine lines = new SyslogLine(facility, TAG, ProcessHandle.current().pid(), ZoneId.systemDefault(),
                MAX_DATAGRAM_BYTES);
        Path socket = Path.of(config.socket_path());
        forwarder = new SyslogForwarder(socket, lines, config.queue_capacity(),
                Duration.ofMillis(config.retry_interval_ms()), Duration.ofSeconds(1));
        LOG.info("Sending log lines to syslog socket {} as {} facility {}", socket, TAG, facility);
    }

    @Override
    public void doAppend(PaxLoggingEvent event) {
        if (forwarder != null) {
            PortsyncdLogEvents.toRecord(event).ifPresent(forwarder::offer);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService alarms) {
        configCheck.bindAlarms(alarms);
    }

    void unbindAlarms(AlarmService alarms) {
        configCheck.unbindAlarms(alarms);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder metrics) {
        configCheck.bindMetrics(metrics);
    }

    void unbindMetrics(MetricsRecorder metrics) {
        configCheck.unbindMetrics(metrics);
    }

    @Deactivate
    public void close() {
        if (forwarder != null) {
            LOG.info("Syslog output stopping: {} lines sent, {} dropped (queue full), {} undelivered",
                    forwarder.sent(), forwarder.dropped(), forwarder.undelivered());
            forwarder.close();
        }
    }
}
