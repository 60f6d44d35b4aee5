package net.sonic.portsyncd.persistence;

/**
 * Tunables of the state store. Every value is range-checked here, so a store never runs with a setting that
 * would disable backups by accident or make saves spin.
 *
 * @param backupRetention        how many backups are kept (newest first)
 * @param backupMaxAgeDays       backups older than this are removed by the stale cleanup
 * @param saveIntervalMillis     a coalesced save happens at most once per this interval
 * @param rotationIntervalMillis a replace of the live file first turns the previous file into a backup at most
 *                               once per this interval
 */
public record StoreSettings(int backupRetention, int backupMaxAgeDays, long saveIntervalMillis,
        long rotationIntervalMillis) {

    public static final int DEFAULT_BACKUP_RETENTION = 10;
    public static final int DEFAULT_BACKUP_MAX_AGE_DAYS = 7;
    public static final long DEFAULT_SAVE_INTERVAL_MILLIS = 1_000;
    public static final long DEFAULT_ROTATION_INTERVAL_MILLIS = 60_000;
    public static final int MAX_BACKUP_RETENTION = 1_000;
    public static final int MAX_BACKUP_MAX_AGE_DAYS = 3_650;
    public static final long MAX_SAVE_INTERVAL_MILLIS = 3_600_000;
    public static final long MAX_ROTATION_INTERVAL_MILLIS = 7L * 24 * 3_600_000;

    public StoreSettings {
        requireRange("backup.retention", backupRetention, 1, MAX_BACKUP_RETENTION);
        requireRange("backup.max.age.days", backupMaxAgeDays, 1, MAX_BACKUP_MAX_AGE_DAYS);
        requireRange("save.interval.ms", saveIntervalMillis, 0, MAX_SAVE_INTERVAL_MILLIS);
        requireRange("rotation.interval.ms", rotationIntervalMillis, 0, MAX_ROTATION_INTERVAL_MILLIS);
    }

    public static StoreSettings defaults() {
        return new StoreSettings(DEFAULT_BACKUP_RETENTION, DEFAULT_BACKUP_MAX_AGE_DAYS, DEFAULT_SAVE_INTERVAL_MILLIS,
                DEFAULT_ROTATION_INTERVAL_MILLIS);
    }

    public StoreSettings withBackupRetention(int value) {
        return new StoreSettings(value, backupMaxAgeDays, saveIntervalMillis, rotationIntervalMillis);
    }

    public StoreSettings withBackupMaxAgeDays(int value) {
        return new StoreSettings(backupRetention, value, saveIntervalMillis, rotationIntervalMillis);
    }

    public StoreSettings withSaveIntervalMillis(long value) {
        return new StoreSettings(backupRetention, backupMaxAgeDays, value, rotationIntervalMillis);
    }

    public StoreSettings withRotationIntervalMillis(long value) {
        return new StoreSettings(backupRetention, backupMaxAgeDays, saveIntervalMillis, value);
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
