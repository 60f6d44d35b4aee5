package net.sonic.portsyncd.logging;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the level of {@link PaxLoggingLevels#ROOT_LOGGER} through Config Admin, the way Karaf's {@code log:set}
 * does, so pax-logging reconfigures log4j2 and Karaf writes the value back to {@code etc/org.ops4j.pax.logging.cfg}.
 */
final class PaxLoggingLevelApplier implements LogLevelWatcher.LevelApplier {
    private static final Logger LOG = LoggerFactory.getLogger(PaxLoggingLevelApplier.class);

    private final ConfigurationAdmin configAdmin;

    PaxLoggingLevelApplier(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public void apply(SonicLogLevel level) throws IOException {
        // location null: the configuration stays bound to pax-logging, whichever bundle updates it
        Configuration configuration = configAdmin.getConfiguration(PaxLoggingLevels.PID, null);
        Dictionary<String, Object> current = configuration.getProperties();
        Optional<Hashtable<String, Object>> updated = PaxLoggingLevels.withLevel(current, level.log4jLevel());
        if (updated.isEmpty()) {
            LOG.debug("{} already logs at {}", PaxLoggingLevels.ROOT_LOGGER, level.log4jLevel());
            return;
        }
        configuration.update(updated.get());
        LOG.info("Log level of {} set to {} (was {}) for LOGLEVEL {}", PaxLoggingLevels.ROOT_LOGGER,
                level.log4jLevel(), PaxLoggingLevels.levelIn(current).orElse("inherited"), level);
    }
}
