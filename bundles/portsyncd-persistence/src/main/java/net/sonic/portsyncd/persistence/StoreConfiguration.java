package net.sonic.portsyncd.persistence;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory and settings a configuration asks for. A value that is missing its range, or cannot be
 * read at all, is rejected with a log line and its default kept, so one typo does not stop the store.
 */
record StoreConfiguration(Path directory, StoreSettings settings) {
    static final Path DEFAULT_DIRECTORY = Path.of(StateStoreComponent.DEFAULT_STATE_DIR);
    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    static StoreConfiguration from(StateStoreComponent.Config config) {
        StoreSettings settings = StoreSettings.defaults();
        settings = apply(settings, "backup.retention", config::backup_retention, StoreSettings::withBackupRetention);
        settings = apply(settings, "backup.max.age.days", config::backup_max_age_days,
                StoreSettings::withBackupMaxAgeDays);
        settings = apply(settings, "save.interval.ms", config::save_interval_ms, StoreSettings::withSaveIntervalMillis);
        settings = apply(settings, "rotation.interval.ms", config::rotation_interval_ms,
                StoreSettings::withRotationIntervalMillis);
        return new StoreConfiguration(directory(config), settings);
    }

    private static Path directory(StateStoreComponent.Config config) {
        String value;
        try {
            value = config.state_dir();
            Path path = Path.of(value);
            if (!value.isBlank() && path.isAbsolute()) {
                return path.normalize();
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Rejected state.dir: {}; keeping {}", Reasons.oneLine(e.getMessage()), DEFAULT_DIRECTORY);
            return DEFAULT_DIRECTORY;
        }
        LOG.warn("Rejected state.dir {}: it must be an absolute path; keeping {}", Reasons.quote(value),
                DEFAULT_DIRECTORY);
        return DEFAULT_DIRECTORY;
    }

    private static <T> StoreSettings apply(StoreSettings settings, String key, Supplier<T> value,
            BiFunction<StoreSettings, T, StoreSettings> with) {
        try {
            return with.apply(settings, value.get());
        } catch (RuntimeException e) {
            // also what Config Admin coercion throws for a value like "ten"
            LOG.warn("Rejected {}: {}; keeping the default", key, Reasons.oneLine(e.getMessage()));
            return settings;
        }
    }
}
