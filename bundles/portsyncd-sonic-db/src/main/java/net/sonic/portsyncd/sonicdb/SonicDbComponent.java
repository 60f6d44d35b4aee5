package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers {@link SonicDb} once {@code database_config.json} loads. The component itself never fails on a bad
 * file: it keeps retrying on its own thread and registers the service only when the configuration is usable, so
 * components with a mandatory reference simply wait. A configuration change re-activates it; a value out of its
 * range is rejected and the last good one kept (see {@link ConfigValidator}).
 */
@Component(configurationPid = SonicDbComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = SonicDbConfig.class)
// The service is registered by hand once the configuration loads, so the resolver is told about it here.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=net.sonic.portsyncd.api.db.SonicDb",
        uses = SonicDb.class)
public final class SonicDbComponent {
    public static final String PID = "net.sonic.portsyncd.db";
    private static final Logger LOG = LoggerFactory.getLogger(SonicDbComponent.class);

    static final ConfigSpec<SonicDbConfig> SPEC = ConfigSpec.of(PID, SonicDbConfig.class)
            .key("database.config.path", Ranges.absolutePath())
            .identityKey("namespace", Ranges.text("empty or a namespace name (letters, digits, '_', '.', '-')",
                    name -> name.matches("[A-Za-z0-9_.-]{0,64}")))
            .key("connect.timeout.ms", Ranges.integers(1, 300_000))
            .key("read.timeout.ms", Ranges.integers(1, 300_000))
            .key("reconnect.attempts", Ranges.integers(1, 1_000))
            .key("reconnect.backoff.ms", Ranges.integers(0, 60_000))
            .key("reconnect.backoff.max.ms", Ranges.integersFrom("reconnect.backoff.ms", 600_000))
            .key("config.retry.interval.ms", Ranges.integers(100, 3_600_000))
            .build();

    private final ConfigValidator<SonicDbConfig> configCheck = new ConfigValidator<>(SPEC);
    private final BundleContext context;
    private final Path configPath;
    private final String namespace;
    private final RetryingClientLoader loader;
    private ServiceRegistration<SonicDb> registration;
    private boolean deactivated;

    @Activate
    public SonicDbComponent(BundleContext context, Map<String, Object> properties) {
        SonicDbConfig config = configCheck.validate(properties);
        this.context = context;
        this.configPath = Path.of(config.database_config_path());
        this.namespace = config.namespace();
        LOG.info("SONiC database client starting: {} namespace '{}'", configPath, namespace);
        ConnectionSettings settings = settingsOf(config);
        // an unusable namespace name with none to keep: serving the default instance's databases would be worse
        loader = configCheck.servable()
                ? new RetryingClientLoader(() -> SonicDbClient.open(configPath, namespace, settings), this::publish,
                        Duration.ofMillis(config.config_retry_interval_ms()), "sonic-db-config-loader").start()
                : null;
    }

    /** From a configuration within {@link #SPEC}, which the settings' own checks accept. */
    static ConnectionSettings settingsOf(SonicDbConfig config) {
        return new ConnectionSettings(Duration.ofMillis(config.connect_timeout_ms()),
                Duration.ofMillis(config.read_timeout_ms()), config.reconnect_attempts(),
                Duration.ofMillis(config.reconnect_backoff_ms()), Duration.ofMillis(config.reconnect_backoff_max_ms()));
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

    private synchronized void publish(SonicDbClient client) {
        if (deactivated) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("namespace", namespace);
        properties.put("database.config.path", configPath.toString());
        properties.put("database.config.source", client.source().toString());
        registration = context.registerService(SonicDb.class, client, properties);
        LOG.info("SonicDb service registered for {} (namespace '{}', databases {})", client.source(), namespace,
                client.databaseNames());
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters services of a stopping bundle itself
                }
                registration = null;
            }
        }
        if (loader != null) {
            loader.close();
        }
        LOG.info("SONiC database client stopped: {}", configPath);
    }
}
