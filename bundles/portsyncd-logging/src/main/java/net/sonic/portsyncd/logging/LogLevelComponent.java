package net.sonic.portsyncd.logging;

import java.time.Duration;
import net.sonic.portsyncd.api.db.SonicDb;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the level of the {@code net.sonic.portsyncd} loggers follow CONFIG_DB {@code LOGGER|portsyncd LOGLEVEL}. */
@Component(configurationPid = LogLevelComponent.PID, immediate = true, service = {})
@Designate(ocd = LogLevelComponent.Config.class)
public final class LogLevelComponent {
    public static final String PID = "net.sonic.portsyncd.logging";
    static final long MIN_POLL_INTERVAL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(LogLevelComponent.class);

    @ObjectClassDefinition(name = "portsyncd log level",
            description = "Follows CONFIG_DB LOGGER|portsyncd LOGLEVEL (EMERG..DEBUG) onto the level of logger "
                    + "net.sonic.portsyncd in pax-logging. A change of this configuration applies at once.")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (ms)", min = "100",
                description = "How often LOGLEVEL is read from CONFIG_DB; a change takes effect within this time.")
        long poll_interval_ms() default 2000;
    }

    private final LogLevelWatcher watcher;

    @Activate
    public LogLevelComponent(@Reference SonicDb db, @Reference ConfigurationAdmin configAdmin, Config config) {
        Duration interval = Duration.ofMillis(Math.max(MIN_POLL_INTERVAL_MS, config.poll_interval_ms()));
        watcher = new LogLevelWatcher(db, new PaxLoggingLevelApplier(configAdmin), interval);
        LOG.info("Following CONFIG_DB LOGGER|portsyncd LOGLEVEL every {} ms", interval.toMillis());
    }

    @Deactivate
    public void close() {
        watcher.close();
        LOG.info("Stopped following CONFIG_DB LOGGER|portsyncd LOGLEVEL ({} applied, {} rejected)",
                watcher.applied(), watcher.rejected());
    }
}
