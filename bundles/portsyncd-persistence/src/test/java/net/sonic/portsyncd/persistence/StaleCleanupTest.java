package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleCleanupTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path directory;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ManualClock clock = new ManualClock(T0);

    @Test
    void removesOnlyOurBackupsOlderThanTheMaximumAge() throws IOException {
        try (StateFileStore store = new StateFileStore(directory, StoreSettings.defaults().withBackupMaxAgeDays(7),
                metrics, clock)) {
            store.save(Snapshots.ports(2, 1));
            store.rotate();
            clock.advanceMillis(2 * DAY);
            store.rotate();
            clock.advanceMillis(4 * DAY);
            store.rotate();
            Path backups = store.backupDirectory();
            List<Path> foreign = List.of(directory.resolve("metrics.json"), directory.resolve("port_state.json.bak"),
                    backups.resolve("notes.txt"), backups.resolve("port_state_1.json"),
                    backups.resolve("port_state_1-0.json.old"), backups.resolve("port_state_1-0.jsonx"));
            for (Path file : foreign) {
                Files.writeString(file, "not ours");
            }
            Path lookalikeDirectory = Files.createDirectory(backups.resolve("port_state_2-0.json"));
            Path lookalikeLink = Files.createSymbolicLink(backups.resolve("port_state_3-0.json"), foreign.get(0));
            Stream.concat(foreign.stream(), Stream.of(store.liveFile(), lookalikeDirectory))
                    .forEach(file -> age(file, T0 - 400 * DAY));
            clock.advanceMillis(2 * DAY);

            int removed = store.cleanupStaleFiles();

            assertThat(removed).isEqualTo(1);
            assertThat(store.listBackups()).extracting(BackupFile::createdAtMillis)
                    .containsExactly(T0 + 6 * DAY, T0 + 2 * DAY);
            assertThat(foreign).allMatch(Files::exists);
            assertThat(store.liveFile()).exists();
            assertThat(lookalikeDirectory).isDirectory();
            assertThat(Files.isSymbolicLink(lookalikeLink)).isTrue();
            assertThat(metrics.count(Counter.BACKUP_CLEANUP)).isEqualTo(1);
            assertThat(store.load().source()).isEqualTo("live");
        }
    }

    @Test
    void removesTemporaryFilesLeftByCrashedWritesOnceTheyAreOld() throws IOException {
        try (StateFileStore store = new StateFileStore(directory, StoreSettings.defaults(), metrics, clock)) {
            store.save(Snapshots.ports(1, 1));
            store.rotate();
            Path oldLive = directory.resolve(".port_state.json.1234567890.tmp");
            Path oldBackup = store.backupDirectory().resolve(".port_state_" + T0 + "-0.json.42.tmp");
            Path recent = directory.resolve(".port_state.json.987.tmp");
            Path foreign = directory.resolve(".other.json.5.tmp");
            for (Path file : List.of(oldLive, oldBackup, recent, foreign)) {
                Files.writeString(file, "{");
                age(file, T0 - StateFileStore.ORPHAN_MIN_AGE.toMillis() - 1);
            }
            age(recent, T0 - 1_000);

            assertThat(store.cleanupStaleFiles()).isZero();

            assertThat(oldLive).doesNotExist();
            assertThat(oldBackup).doesNotExist();
            assertThat(recent).exists();
            assertThat(foreign).exists();
            assertThat(store.listBackups()).hasSize(1);
        }
    }

    @Test
    void missingDirectoriesAreNothingToClean() {
        try (StateFileStore store = new StateFileStore(directory.resolve("absent"), StoreSettings.defaults(), metrics,
                clock)) {
            assertThat(store.cleanupStaleFiles()).isZero();
            assertThat(store.listBackups()).isEmpty();
        }
    }

    private static void age(Path file, long modifiedMillis) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
