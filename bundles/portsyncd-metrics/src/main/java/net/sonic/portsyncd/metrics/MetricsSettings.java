package net.sonic.portsyncd.metrics;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how often the metrics are persisted.
 *
 * @param directory       holds {@code metrics.json}
 * @param persistInterval time between two periodic saves
 */
public record MetricsSettings(Path directory, Duration persistInterval) {
    public static final String DEFAULT_DIRECTORY = "/var/lib/sonic/portsyncd";
    public static final long DEFAULT_PERSIST_INTERVAL_MILLIS = 10_000;
    public static final long MIN_PERSIST_INTERVAL_MILLIS = 100;
    public static final long MAX_PERSIST_INTERVAL_MILLIS = 86_400_000;

    public MetricsSettings {
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("metrics.dir must be absolute, was " + directory);
        }
        if (persistInterval.toMillis() < MIN_PERSIST_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("persist.interval.ms must be at least " + MIN_PERSIST_INTERVAL_MILLIS
                    + ", was " + persistInterval.toMillis());
        }
    }
}
