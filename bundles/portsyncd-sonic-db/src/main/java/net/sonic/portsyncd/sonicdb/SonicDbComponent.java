package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sonic.portsyncd.api.db.SonicDb;

/**
 * Offers {@link SonicDb} once {@code database_config.json} loads. The component itself never fails on a bad
 * file: it keeps retrying on its own thread and registers the service only when the configuration is usable, so
 * components with a mandatory reference simply wait. A configuration change re-activates it.
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

    private final BundleContext context;
    private final Path configPath;
    private final String namespace;
    private final RetryingClientLoader loader;
    private ServiceRegistration<SonicDb> registration;
    private boolean deactivated;

    @Activate
    public SonicDbComponent(BundleContext context, SonicDbConfig config) {
        this.context = context;
        this.configPath = Path.of(config.database_config_path());
        this.namespace = config.namespace();
        LOG.info("SONiC database client starting: {} namespace '{}'", configPath, namespace);
        loader = settingsOf(config)
                .map(settings -> new RetryingClientLoader(() -> SonicDbClient.open(configPath, namespace, settings),
                        this::publish, Duration.ofMillis(Math.max(100, config.config_retry_interval_ms())),
                        "sonic-db-config-loader").start())
                .orElse(null);
    }

    /** Invalid timeouts or attempts are reported and leave the service unregistered, like an unusable file. */
    private static Optional<ConnectionSettings> settingsOf(SonicDbConfig config) {
        try {
            return Optional.of(new ConnectionSettings(
                    Duration.ofMillis(config.connect_timeout_ms()),
                    Duration.ofMillis(config.read_timeout_ms()),
                    config.reconnect_attempts(),
                    Duration.ofMillis(config.reconnect_backoff_ms()),
                    Duration.ofMillis(Math.max(config.reconnect_backoff_ms(), config.reconnect_backoff_max_ms()))));
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} rejected, SonicDb will not be offered until it is corrected: {}", PID,
                    e.getMessage());
            return Optional.empty();
        }
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
