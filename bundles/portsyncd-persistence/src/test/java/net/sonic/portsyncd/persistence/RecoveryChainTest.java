package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecoveryChainTest {
    private static final PortStateSnapshot OLDER = Snapshots.ports(4, 1_000);
    private static final PortStateSnapshot NEWER = Snapshots.ports(6, 2_000);

    @TempDir
    Path directory;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private StateFileStore store;

    @BeforeEach
    void openStore() {
        store = new StateFileStore(directory, StoreSettings.defaults().withRotationIntervalMillis(0), metrics, alarms,
                clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void savedStateLoadsFromTheLiveFile() throws IOException {
        store.save(NEWER);

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("live");
        assertThat(outcome.snapshot()).contains(NEWER);
        assertThat(outcome.rejections()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.liveFile()))).isEqualTo("rw-------");
        assertThat(metrics.count(Counter.CORRUPTION_DETECTED)).isZero();
        assertThat(alarms.raises(AlarmType.CORRUPTION)).isEmpty();
    }

    @Test
    void nothingSavedMeansNoStateAndNoComplaint() {
        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("none");
        assertThat(outcome.snapshot()).isEmpty();
        assertThat(outcome.rejections()).isEmpty();
    }

    enum Damage {
        TRUNCATED("port_state.json: not valid JSON") {
            @Override
            void apply(Path live) throws IOException {
                byte[] bytes = Files.readAllBytes(live);
                Files.write(live, Arrays.copyOf(bytes, bytes.length / 2));
            }
        },
        BIT_FLIPPED("port_state.json: checksum mismatch") {
            @Override
            void apply(Path live) throws IOException {
                byte[] bytes = Files.readAllBytes(live);
                int digit = new String(bytes, StandardCharsets.US_ASCII).indexOf("\"mtu\":9100") + 7;
                bytes[digit] ^= 0x01;
                Files.write(live, bytes);
            }
        },
        EMPTY("port_state.json: empty file") {
            @Override
            void apply(Path live) throws IOException {
                Files.write(live, new byte[0]);
            }
        },
        WRONG_VERSION("port_state.json: schema version 0 does not exist") {
            @Override
            void apply(Path live) throws IOException {
                replace(live, "\"schema_version\":1", "\"schema_version\":0");
            }
        },
        NEWER_VERSION("port_state.json: schema version 3 is newer than version 1") {
            @Override
            void apply(Path live) throws IOException {
                replace(live, "\"schema_version\":1", "\"schema_version\":3");
            }
        },
        GARBAGE("port_state.json: not valid JSON at line 1 column 1") {
            @Override
            void apply(Path live) throws IOException {
                Files.write(live, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0x1a, '\n'});
            }
        },
        DIRECTORY("port_state.json: is not a regular file but a directory") {
            @Override
            void apply(Path live) throws IOException {
                Files.delete(live);
                Files.createDirectory(live);
            }
        },
        FIFO("port_state.json: is not a regular file but a special file") {
            @Override
            void apply(Path live) throws IOException {
                Files.delete(live);
                Processes.run(List.of("mkfifo", live.toString()));
            }
        },
        SYMLINK("port_state.json: is a symbolic link; refusing to follow it") {
            @Override
            void apply(Path live) throws IOException {
                Path elsewhere = live.resolveSibling("elsewhere.json");
                Files.move(live, elsewhere);
                Files.createSymbolicLink(live, elsewhere);
            }
        };

        final String reason;

        Damage(String reason) {
            this.reason = reason;
        }

        abstract void apply(Path live) throws IOException;

        private static void replace(Path file, String from, String to) throws IOException {
            Files.writeString(file, Files.readString(file).replace(from, to));
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedLiveFileIsRejectedAndTheBackupPromoted(Damage damage) throws IOException {
        store.save(OLDER);
        store.save(NEWER);
        BackupFile backup = store.listBackups().get(0);
        damage.apply(store.liveFile());

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("backup:" + backup.fileName());
        assertThat(outcome.recoveredFromBackup()).isTrue();
        assertThat(outcome.snapshot()).contains(OLDER);
        assertThat(outcome.rejections()).singleElement().asString().startsWith(damage.reason);
        assertThat(metrics.count(Counter.CORRUPTION_DETECTED)).isEqualTo(1);
        assertThat(metrics.marks(Timestamp.LAST_CORRUPTION_DETECTED)).isEqualTo(1);
        assertThat(metrics.count(Counter.STATE_RECOVERY)).isEqualTo(1);
        assertThat(metrics.marks(Timestamp.LAST_STATE_RECOVERY)).isEqualTo(1);
        if (damage == Damage.DIRECTORY || damage == Damage.FIFO || damage == Damage.SYMLINK) {
            // what is not a regular file is never replaced: the state is recovered, the entry stays and is alarmed
            assertThat(Files.isRegularFile(store.liveFile(), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.exists(store.liveFile(), LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
            assertThat(alarms.raises(AlarmType.STATE_SAVE_FAILED).get(0).details())
                    .containsEntry("file", store.liveFile().toString());
        } else {
            assertPromoted(backup);
            assertThat(alarms.raises(AlarmType.STATE_SAVE_FAILED)).isEmpty();
        }
    }

    @Test
    void aCorruptLiveFileRaisesCorruptionUntilTheNextSave() throws IOException {
        store.save(OLDER);
        store.save(NEWER);
        BackupFile backup = store.listBackups().get(0);
        Damage.BIT_FLIPPED.apply(store.liveFile());

        store.load();

        assertThat(alarms.raises(AlarmType.CORRUPTION)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.MINOR);
            assertThat(raise.details()).containsEntry("file", store.liveFile().toString())
                    .containsEntry("source", "backup:" + backup.fileName()).containsEntry("rejected", "1");
            assertThat(raise.details().get("reason")).startsWith("checksum mismatch");
        });
        assertThat(store.load().source()).as("the promoted backup").isEqualTo("live");
        assertThat(alarms.active(AlarmType.CORRUPTION)).as("loading a valid file is no save").isTrue();

        store.save(NEWER);

        assertThat(alarms.active(AlarmType.CORRUPTION)).isFalse();
        assertThat(alarms.raises(AlarmType.CORRUPTION)).hasSize(1);
    }

    @Test
    void symlinkedLiveFileIsRefusedNeitherWrittenThroughNorReplaced() throws IOException {
        store.save(OLDER);
        store.save(NEWER);
        Damage.SYMLINK.apply(store.liveFile());
        Path target = directory.resolve("elsewhere.json");
        byte[] targetBefore = Files.readAllBytes(target);

        assertThat(store.load().snapshot()).contains(OLDER);
        assertThatThrownBy(() -> store.save(NEWER)).isInstanceOf(IOException.class)
                .hasMessage(store.liveFile() + " is a symbolic link to '" + target + "'; refused");

        assertThat(Files.isSymbolicLink(store.liveFile())).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(targetBefore);
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        assertThat(store.refusedPaths())
                .containsExactly(store.liveFile() + " is a symbolic link to '" + target + "'; refused");
    }

    @Test
    void symlinkWithoutBackupGivesNoStateAndAClearReason() throws IOException {
        Path target = directory.resolve("target.json");
        Files.write(target, StateFileFormat.encode(NEWER));
        Files.createSymbolicLink(store.liveFile(), target);

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("none");
        assertThat(outcome.rejections()).containsExactly("port_state.json: is a symbolic link; refusing to follow it");
    }

    @Test
    void chainWalksBackupsNewestFirstAndSkipsBadOnes() throws IOException {
        PortStateSnapshot oldest = Snapshots.ports(2, 500);
        store.save(oldest);
        clock.advanceMillis(1);
        store.save(OLDER);
        clock.advanceMillis(1);
        store.save(NEWER);
        List<BackupFile> backups = store.listBackups();
        assertThat(backups).hasSize(2);
        Files.writeString(store.liveFile(), "{");
        Files.write(store.backupDirectory().resolve(backups.get(0).fileName()), new byte[0]);

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("backup:" + backups.get(1).fileName());
        assertThat(outcome.snapshot()).contains(oldest);
        assertThat(outcome.rejections()).hasSize(2);
        assertThat(outcome.rejections().get(0)).startsWith("port_state.json: not valid JSON");
        assertThat(outcome.rejections().get(1)).isEqualTo("backups/" + backups.get(0).fileName() + ": empty file");
        assertThat(metrics.count(Counter.CORRUPTION_DETECTED)).isEqualTo(2);
    }

    @Test
    void everyCandidateBadMeansNoState() throws IOException {
        store.save(OLDER);
        store.save(NEWER);
        Files.writeString(store.liveFile(), "garbage");
        for (BackupFile backup : store.listBackups()) {
            Files.writeString(store.backupDirectory().resolve(backup.fileName()), "{\"schema_version\":99}");
        }

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("none");
        assertThat(outcome.snapshot()).isEmpty();
        assertThat(outcome.rejections()).hasSize(2);
        assertThat(outcome.rejections().get(1)).contains("schema version 99 is newer");
        assertThat(metrics.count(Counter.STATE_RECOVERY)).isZero();
        assertThat(alarms.raises(AlarmType.CORRUPTION)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
            assertThat(raise.details()).containsEntry("source", "none").containsEntry("rejected", "2")
                    .containsEntry("file", store.liveFile().toString());
        });
    }

    @Test
    void missingLiveFileIsRecoveredFromBackup() throws IOException {
        store.save(OLDER);
        store.save(NEWER);
        Files.delete(store.liveFile());

        LoadOutcome outcome = store.load();

        assertThat(outcome.snapshot()).contains(OLDER);
        assertThat(outcome.rejections()).isEmpty();
        assertThat(store.load().source()).isEqualTo("live");
    }

    @Test
    void aFileWhereTheBackupDirectoryBelongsIsRefusedNotThrown() throws IOException {
        Files.writeString(store.liveFile(), "garbage");
        Files.writeString(store.backupDirectory(), "a file where the backups should be");

        LoadOutcome outcome = store.load();

        assertThat(outcome.source()).isEqualTo("none");
        assertThat(outcome.rejections()).hasSize(2);
        assertThat(outcome.rejections().get(1)).isEqualTo("backups: is a regular file, not a directory; refused");
        assertThat(alarms.raises(AlarmType.STATE_SAVE_FAILED)).isNotEmpty().allSatisfy(raise -> assertThat(
                raise.details()).containsEntry("file", store.backupDirectory().toString())
                .containsEntry("found", "a regular file, not a directory"));
    }

    @Test
    void saveIntoAnUnusableDirectoryFailsWithAClearError() throws IOException {
        Path notADirectory = directory.resolve("state");
        Files.writeString(notADirectory, "occupied");
        try (StateFileStore blocked = new StateFileStore(notADirectory, StoreSettings.defaults(), metrics, clock)) {
            assertThatThrownBy(() -> blocked.save(NEWER)).isInstanceOf(IOException.class)
                    .hasMessageContaining(notADirectory.toString());
            blocked.saveCoalesced(() -> NEWER);
            assertThat(blocked.load().source()).isEqualTo("none");
        }
    }

    private void assertPromoted(BackupFile backup) throws IOException {
        Path live = store.liveFile();
        assertThat(Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readAllBytes(live)).isEqualTo(Files.readAllBytes(store.backupDirectory().resolve(backup.fileName())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(live))).isEqualTo("rw-------");
        LoadOutcome again = store.load();
        assertThat(again.source()).isEqualTo("live");
        assertThat(again.snapshot()).contains(OLDER);
    }
}
