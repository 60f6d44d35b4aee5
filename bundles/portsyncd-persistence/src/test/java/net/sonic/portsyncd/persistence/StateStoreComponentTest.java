package net.sonic.portsyncd.persistence;

import net.sonic.portsyncd.testkit.RecordingAlarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.BackupFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreComponentTest {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path directory;

    @Test
    void configurationReachesTheStore() {
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 4, 3, 250, 500));
        try {
            StateFileStore store = component.currentStore();
            assertThat(store.stateDirectory()).isEqualTo(directory);
            assertThat(store.settings()).isEqualTo(new StoreSettings(4, 3, 250, 500));
        } finally {
            component.close();
        }
    }

    @Test
    void badValuesAreRejectedOneByOneAndTheirDefaultsKept() {
        TestConfig config = new TestConfig("relative/dir", 0, -1, 5_000, 99_999_999_999L) {
            @Override
            public long save_interval_ms() {
                throw new IllegalArgumentException("\"soon\" is not a valid long");
            }
        };
        StateStoreComponent component = new StateStoreComponent(config);
        try {
            assertThat(component.currentStore().stateDirectory()).isEqualTo(Path.of(StateStoreComponent.DEFAULT_STATE_DIR));
            assertThat(component.currentStore().settings()).isEqualTo(StoreSettings.defaults());
        } finally {
            component.close();
        }
        assertThat(StoreConfiguration.from(new TestConfig("/var/lib/../lib/sonic/x", 7, 2, 0, 0)))
                .isEqualTo(new StoreConfiguration(Path.of("/var/lib/sonic/x"), new StoreSettings(7, 2, 0, 0)));
        assertThat(StoreConfiguration.from(new TestConfig("/bad\0path", 10, 7, 1000, 60_000)).directory())
                .isEqualTo(StoreConfiguration.DEFAULT_DIRECTORY);
    }

    @Test
    void activationRemovesStaleBackupsAndCountsThem() throws IOException {
        try (StateFileStore old = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-30)))) {
            old.save(Snapshots.ports(1, 1));
            old.rotate();
        }
        RecordingMetrics metrics = new RecordingMetrics();
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 10, 7, 1000, 0));
        component.bindMetrics(metrics);

        component.start();

        assertThat(component.listBackups()).isEmpty();
        assertThat(metrics.count(Counter.BACKUP_CLEANUP)).isEqualTo(1);
        assertThat(component.load().source()).isEqualTo("live");
        component.close();
    }

    @Test
    void settingsChangeAppliesToTheRunningStore() throws IOException {
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 10, 7, HOUR, 0));
        component.start();
        StateFileStore store = component.currentStore();
        for (int i = 0; i < 6; i++) {
            component.save(Snapshots.ports(1, i));
        }
        assertThat(component.listBackups()).hasSize(5);

        component.modified(new TestConfig(directory.toString(), 2, 7, 20, 0));

        assertThat(component.currentStore()).isSameAs(store);
        assertThat(component.listBackups()).hasSize(2);
        assertThat(store.settings().saveIntervalMillis()).isEqualTo(20);
        component.close();
    }

    @Test
    void newStateDirectoryGetsThePendingSave() throws IOException {
        Path first = directory.resolve("first");
        Path second = directory.resolve("second");
        StateStoreComponent component = new StateStoreComponent(new TestConfig(first.toString(), 10, 7, HOUR, 0));
        component.start();
        component.saveCoalesced(() -> Snapshots.ports(3, 77));

        component.modified(new TestConfig(second.toString(), 10, 7, HOUR, 0));
        component.close();

        assertThat(first.resolve(StateFileStore.LIVE_FILE_NAME)).doesNotExist();
        assertThat(StateFileFormat.decode(Files.readAllBytes(second.resolve(StateFileStore.LIVE_FILE_NAME)))
                .savedAtMillis()).isEqualTo(77);
    }

    @Test
    void deactivationWritesThePendingSave() throws IOException {
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 10, 7, HOUR, 0));
        component.start();
        component.saveCoalesced(() -> Snapshots.ports(2, 5));

        component.close();

        assertThat(StateFileFormat.decode(Files.readAllBytes(directory.resolve(StateFileStore.LIVE_FILE_NAME)))
                .savedAtMillis()).isEqualTo(5);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain(StateStoreComponent.CLEANUP_THREAD_NAME);
    }

    @Test
    void metricsFollowTheBoundServiceAcrossARebind() throws IOException {
        RecordingMetrics first = new RecordingMetrics();
        RecordingMetrics second = new RecordingMetrics();
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 10, 7, HOUR, 0));
        component.bindMetrics(first);
        component.save(Snapshots.ports(1, 1));
        component.rotate();
        // a greedy replacement binds the newcomer before it unbinds the old one
        component.bindMetrics(second);
        component.unbindMetrics(first);
        component.rotate();
        component.unbindMetrics(second);
        component.rotate();
        component.close();

        assertThat(first.count(Counter.BACKUP_CREATED)).isEqualTo(1);
        assertThat(second.count(Counter.BACKUP_CREATED)).isEqualTo(1);
        assertThat(component.listBackups()).extracting(BackupFile::fileName).hasSize(3);
    }

    @Test
    void corruptionReachesTheBoundAlarmServiceAndASaveClearsIt() throws IOException {
        RecordingAlarms alarms = new RecordingAlarms();
        StateStoreComponent component = new StateStoreComponent(new TestConfig(directory.toString(), 10, 7, HOUR, 0));
        component.bindAlarms(alarms);
        try {
            Files.writeString(directory.resolve(StateFileStore.LIVE_FILE_NAME), "{\"schema_version\":");

            assertThat(component.load().source()).isEqualTo("none");
            assertThat(alarms.active(AlarmType.CORRUPTION)).isTrue();

            component.save(Snapshots.ports(1, 1));
            assertThat(alarms.active(AlarmType.CORRUPTION)).isFalse();
        } finally {
            component.unbindAlarms(alarms);
            component.close();
        }
    }

    /** What Config Admin hands the component, built by hand. */
    private static class TestConfig implements StateStoreComponent.Config {
        private final String stateDir;
        private final int retention;
        private final int maxAgeDays;
        private final long saveInterval;
        private final long rotationInterval;

        TestConfig(String stateDir, int retention, int maxAgeDays, long saveInterval, long rotationInterval) {
            this.stateDir = stateDir;
            this.retention = retention;
            this.maxAgeDays = maxAgeDays;
            this.saveInterval = saveInterval;
            this.rotationInterval = rotationInterval;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return StateStoreComponent.Config.class;
        }

        @Override
        public String state_dir() {
            return stateDir;
        }

        @Override
        public int backup_retention() {
            return retention;
        }

        @Override
        public int backup_max_age_days() {
            return maxAgeDays;
        }

        @Override
        public long save_interval_ms() {
            return saveInterval;
        }

        @Override
        public long rotation_interval_ms() {
            return rotationInterval;
        }
    }
}
