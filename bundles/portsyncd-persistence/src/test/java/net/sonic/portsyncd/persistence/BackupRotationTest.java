package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRotationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    @TempDir
    Path directory;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ManualClock clock = new ManualClock(T0);

    @Test
    void replaceKeepsThePreviousFileAtMostOncePerInterval() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults().withRotationIntervalMillis(MINUTE))) {
            store.save(Snapshots.ports(1, 1));
            assertThat(store.listBackups()).isEmpty();

            store.save(Snapshots.ports(2, 2));
            store.save(Snapshots.ports(3, 3));
            clock.advanceMillis(MINUTE - 1);
            store.save(Snapshots.ports(4, 4));
            assertThat(store.listBackups()).extracting(BackupFile::fileName).containsExactly("port_state_" + T0 + "-0.json");
            assertThat(backupContent(store, 0).savedAtMillis()).isEqualTo(1);

            clock.advanceMillis(1);
            store.save(Snapshots.ports(5, 5));
            assertThat(store.listBackups()).hasSize(2);
            assertThat(backupContent(store, 0).savedAtMillis()).isEqualTo(4);
            assertThat(metrics.count(Counter.BACKUP_CREATED)).isEqualTo(2);
        }
    }

    @Test
    void rotateForcesABackupAndNeedsALiveFile() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults())) {
            assertThat(store.rotate()).isEmpty();
            store.save(Snapshots.ports(3, 7));

            Optional<BackupFile> backup = store.rotate();

            assertThat(backup).isPresent();
            assertThat(backup.get().createdAtMillis()).isEqualTo(T0);
            assertThat(backup.get().sizeBytes()).isEqualTo(Files.size(store.liveFile()));
            Path file = store.backupDirectory().resolve(backup.get().fileName());
            assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(store.liveFile()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void backupsInTheSameMillisecondDoNotCollide() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults().withRotationIntervalMillis(0))) {
            for (int i = 0; i < 5; i++) {
                store.save(Snapshots.ports(1, i));
            }
            store.rotate();

            List<BackupFile> backups = store.listBackups();

            assertThat(backups).extracting(BackupFile::fileName).containsExactly("port_state_" + T0 + "-4.json",
                    "port_state_" + T0 + "-3.json", "port_state_" + T0 + "-2.json", "port_state_" + T0 + "-1.json",
                    "port_state_" + T0 + "-0.json");
            for (int i = 0; i < backups.size(); i++) {
                assertThat(backupContent(store, i).savedAtMillis()).isEqualTo(4 - i);
            }
        }
    }

    @Test
    void retentionKeepsTheNewest() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults().withRotationIntervalMillis(0).withBackupRetention(3))) {
            for (int i = 0; i < 10; i++) {
                store.save(Snapshots.ports(1, i));
                clock.advanceMillis(1);
            }

            assertThat(store.listBackups()).extracting(BackupFile::createdAtMillis)
                    .containsExactly(T0 + 9, T0 + 8, T0 + 7);
            assertThat(metrics.count(Counter.BACKUP_CREATED)).isEqualTo(9);
            assertThat(metrics.count(Counter.BACKUP_CLEANUP)).isEqualTo(6);

            assertThat(store.cleanupBackups(1)).isEqualTo(2);
            assertThat(store.listBackups()).extracting(BackupFile::createdAtMillis).containsExactly(T0 + 9);
            assertThat(store.cleanupBackups(0)).isEqualTo(1);
            assertThatThrownBy(() -> store.cleanupBackups(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void listingIsNumericNewestFirstAndOnlyOurs() throws IOException {
        Path backups = directory.resolve(StateFileStore.BACKUP_DIRECTORY_NAME);
        Files.createDirectories(backups);
        for (String name : List.of("port_state_999-0.json", "port_state_1000-0.json", "port_state_1000-10.json",
                "port_state_1000-9.json", "port_state_1000.json", "port_state_x-1.json", "port_state_5-1.json.bak",
                "notes.txt")) {
            Files.writeString(backups.resolve(name), "{}");
        }
        Files.createDirectory(backups.resolve("port_state_2000-0.json"));
        Files.createSymbolicLink(backups.resolve("port_state_3000-0.json"), backups.resolve("notes.txt"));

        try (StateFileStore store = store(StoreSettings.defaults())) {
            assertThat(store.listBackups()).extracting(BackupFile::fileName).containsExactly("port_state_1000-10.json",
                    "port_state_1000-9.json", "port_state_1000-0.json", "port_state_999-0.json");
        }
    }

    @Test
    void invalidLiveFileIsNotBackedUpButStillReplaced() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults().withRotationIntervalMillis(0))) {
            Files.createDirectories(directory);
            Files.writeString(store.liveFile(), "{\"schema_version\":1");

            assertThatThrownBy(store::rotate).isInstanceOf(InvalidStateFileException.class)
                    .hasMessageStartingWith("port_state.json is not valid and is not backed up: not valid JSON");
            store.save(Snapshots.ports(2, 2));

            assertThat(store.listBackups()).isEmpty();
            assertThat(store.load().snapshot()).contains(Snapshots.ports(2, 2));
        }
    }

    @Test
    void rotationIntervalSurvivesARestart() throws IOException {
        StoreSettings settings = StoreSettings.defaults().withRotationIntervalMillis(MINUTE);
        try (StateFileStore first = store(settings)) {
            first.save(Snapshots.ports(1, 1));
            first.save(Snapshots.ports(1, 2));
        }
        clock.advanceMillis(MINUTE / 2);
        try (StateFileStore second = store(settings)) {
            second.save(Snapshots.ports(1, 3));
            assertThat(second.listBackups()).hasSize(1);
            clock.advanceMillis(MINUTE / 2);
            second.save(Snapshots.ports(1, 4));
            assertThat(second.listBackups()).hasSize(2);
        }
    }

    @Test
    void clockGoingBackwardsDoesNotStopRotation() throws IOException {
        try (StateFileStore store = store(StoreSettings.defaults().withRotationIntervalMillis(MINUTE))) {
            store.save(Snapshots.ports(1, 1));
            store.save(Snapshots.ports(1, 2));
            clock.advanceMillis(-3_600_000);
            store.save(Snapshots.ports(1, 3));

            assertThat(store.listBackups()).extracting(BackupFile::createdAtMillis).containsExactly(T0, T0 - 3_600_000);
        }
    }

    private StateFileStore store(StoreSettings settings) {
        return new StateFileStore(directory, settings, metrics, clock);
    }

    private static net.sonic.portsyncd.api.state.PortStateSnapshot backupContent(StateFileStore store, int index)
            throws IOException {
        BackupFile backup = store.listBackups().get(index);
        return StateFileFormat.decode(Files.readAllBytes(store.backupDirectory().resolve(backup.fileName())));
    }
}
