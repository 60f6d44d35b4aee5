package net.sonic.portsyncd.persistence;

import java.nio.file.Path;

/** The state directory and settings of a configuration whose values were checked against their ranges. */
record StoreConfiguration(Path directory, StoreSettings settings) {

    static StoreConfiguration of(StateStoreComponent.Config config) {
        return new StoreConfiguration(Path.of(config.state_dir()).normalize(), new StoreSettings(
                config.backup_retention(), config.backup_max_age_days(), config.save_interval_ms(),
                config.rotation_interval_ms()));
    }
}
