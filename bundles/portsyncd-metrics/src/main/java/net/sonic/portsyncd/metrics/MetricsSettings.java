package net.sonic.portsyncd.metrics;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how often the metrics are persisted.
 *
 * @param directory       holds {@code metrics.json}
 * @param persistInterval time between two periodic saves
 */
public record MetricsSettings(Path directory, Duration persistInterval) {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSettings.class);

    public static final String DEFAULT_DIRECTORY = "/var/lib/sonic/portsyncd";
    public static final long DEFAULT_PERSIST_INTERVAL_MILLIS = 10_000;
    public static final long MIN_PERSIST_INTERVAL_MILLIS = 100;

    public MetricsSettings {
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("metrics.dir must be absolute, was " + directory);
        }
        if (persistInterval.toMillis() < MIN_PERSIST_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("persist.interval.ms must be at least " + MIN_PERSIST_INTERVAL_MILLIS
                    + ", was " + persistInterval.toMillis());
        }
    }

    /** Settings from configuration values; an invalid value is logged and replaced by its default. */
    public static MetricsSettings fromConfiguration(String directory, long persistIntervalMillis) {
        Path path = Path.of(DEFAULT_DIRECTORY);
        try {
            Path candidate = Path.of(directory == null ? "" : directory.trim());
            if (candidate.isAbsolute()) {
                path = candidate;
            } else {
                LOG.warn("metrics.dir '{}' is not an absolute path; using {}", directory, DEFAULT_DIRECTORY);
            }
        } catch (InvalidPathException e) {
            LOG.warn("metrics.dir '{}' is not a valid path ({}); using {}", directory, e.getMessage(), DEFAULT_DIRECTORY);
        }
        long interval = persistIntervalMillis;
        if (interval < MIN_PERSIST_INTERVAL_MILLIS) {
            LOG.warn("persist.interval.ms {} is below {}; using {}", persistIntervalMillis, MIN_PERSIST_INTERVAL_MILLIS,
                    DEFAULT_PERSIST_INTERVAL_MILLIS);
            interval = DEFAULT_PERSIST_INTERVAL_MILLIS;
        }
        return new MetricsSettings(path, Duration.ofMillis(interval));
    }
}
