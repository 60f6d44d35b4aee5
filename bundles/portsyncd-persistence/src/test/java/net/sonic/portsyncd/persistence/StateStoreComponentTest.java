package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreComponentTest {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path directory;

    @Test
    void configurationReachesTheStore() {
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 4, 3, 250, 500));
        try {
            StateFileStore store = component.currentStore();
            assertThat(store.stateDirectory()).isEqualTo(directory);
            assertThat(store.settings()).isEqualTo(new StoreSettings(4, 3, 250, 500));
        } finally {
            component.close();
        }
    }

    @Test
    void badValuesAreRejectedOneByOneTheLastGoodOnesKeptAndTheStoreWorks() throws IOException {
        new StateStoreComponent(config(directory.toString(), 4, 3, 250, 500)).close();
        RecordingMetrics metrics = new RecordingMetrics();
        RecordingAlarms alarms = new RecordingAlarms();
        StateStoreComponent component;
        try (LogCapture log = new LogCapture()) {
            component = new StateStoreComponent(Map.of("state.dir", "relative/dir", "backup.retention", "0",
                    "backup.max.age.days", new String[] {"3"}, "save.interval.ms", "soon",
                    "rotation.interval.ms", "99999999999"));
            assertThat(log.count("Configuration " + StateStoreComponent.PID + ": ")).isEqualTo(5);
            assertThat(log.count("save.interval.ms = 'soon' rejected (an integer from 0 to 3600000 is required);"
                    + " keeping 250")).isEqualTo(1);
        }
        component.bindMetrics(metrics);
        component.bindAlarms(alarms);
        try {
            assertThat(component.currentStore().stateDirectory()).isEqualTo(directory);
            assertThat(component.currentStore().settings()).isEqualTo(new StoreSettings(4, 3, 250, 500));
            assertThat(metrics.count(Counter.CONFIG_REJECTED)).isEqualTo(5);
            assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
            assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details()).containsEntry(
                    StateStoreComponent.PID,
                    "state.dir, backup.retention, backup.max.age.days, save.interval.ms, rotation.interval.ms");

            component.save(Snapshots.ports(1, 9));
            assertThat(component.load().snapshot().orElseThrow().savedAtMillis()).isEqualTo(9);

            component.modified(config(directory.toString(), 10, 7, 1000, 0));
            assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
            assertThat(component.currentStore().settings()).isEqualTo(new StoreSettings(10, 7, 1000, 0));
        } finally {
            component.close();
        }
    }

    @Test
    void aBadValueOfALiveChangeKeepsTheRunningValue() {
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 4, 3, 250, 500));
        try {
            component.modified(Map.of("state.dir", directory.toString(), "backup.retention", "many"));

            assertThat(component.currentStore().settings().backupRetention()).isEqualTo(4);
            assertThat(component.currentStore().stateDirectory()).isEqualTo(directory);
        } finally {
            component.close();
        }
    }

    @Test
    void theStateDirectoryIsNormalised() {
        StateStoreComponent.Config config = new ConfigValidator<>(StateStoreComponent.SPEC)
                .validate(config("/var/lib/../lib/sonic/x", 7, 2, 0, 0));

        assertThat(StoreConfiguration.of(config))
                .isEqualTo(new StoreConfiguration(Path.of("/var/lib/sonic/x"), new StoreSettings(7, 2, 0, 0)));
    }

    @Test
    void activationRemovesStaleBackupsAndCountsThem() throws IOException {
        try (StateFileStore old = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-30)))) {
            old.save(Snapshots.ports(1, 1));
            old.rotate();
        }
        RecordingMetrics metrics = new RecordingMetrics();
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 10, 7, 1000, 0));
        component.bindMetrics(metrics);

        component.start();

        assertThat(component.listBackups()).isEmpty();
        assertThat(metrics.count(Counter.BACKUP_CLEANUP)).isEqualTo(1);
        assertThat(component.load().source()).isEqualTo("live");
        component.close();
    }

    @Test
    void settingsChangeAppliesToTheRunningStore() throws IOException {
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 10, 7, HOUR, 0));
        component.start();
        StateFileStore store = component.currentStore();
        for (int i = 0; i < 6; i++) {
            component.save(Snapshots.ports(1, i));
        }
        assertThat(component.listBackups()).hasSize(5);

        component.modified(config(directory.toString(), 2, 7, 20, 0));

        assertThat(component.currentStore()).isSameAs(store);
        assertThat(component.listBackups()).hasSize(2);
        assertThat(store.settings().saveIntervalMillis()).isEqualTo(20);
        component.close();
    }

    @Test
    void newStateDirectoryGetsThePendingSave() throws IOException {
        Path first = directory.resolve("first");
        Path second = directory.resolve("second");
        StateStoreComponent component = new StateStoreComponent(config(first.toString(), 10, 7, HOUR, 0));
        component.start();
        component.saveCoalesced(() -> Snapshots.ports(3, 77));

        component.modified(config(second.toString(), 10, 7, HOUR, 0));
        component.close();

        assertThat(first.resolve(StateFileStore.LIVE_FILE_NAME)).doesNotExist();
        assertThat(StateFileFormat.decode(Files.readAllBytes(second.resolve(StateFileStore.LIVE_FILE_NAME)))
                .savedAtMillis()).isEqualTo(77);
    }

    @Test
    void deactivationWritesThePendingSave() throws IOException {
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 10, 7, HOUR, 0));
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
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 10, 7, HOUR, 0));
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
        StateStoreComponent component = new StateStoreComponent(config(directory.toString(), 10, 7, HOUR, 0));
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

    /** What Config Admin hands the component for a .cfg file with these values. */
    private static Map<String, Object> config(String stateDir, int retention, int maxAgeDays, long saveInterval,
            long rotationInterval) {
        return Map.of("state.dir", stateDir, "backup.retention", Integer.toString(retention),
                "backup.max.age.days", Integer.toString(maxAgeDays), "save.interval.ms", Long.toString(saveInterval),
                "rotation.interval.ms", Long.toString(rotationInterval));
    }
}
