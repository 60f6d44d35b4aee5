package net.sonic.portsyncd.persistence;

import static net.sonic.portsyncd.testkit.PosixFiles.directoryOfNobody;
import static net.sonic.portsyncd.testkit.PosixFiles.list;
import static net.sonic.portsyncd.testkit.PosixFiles.mode;
import static net.sonic.portsyncd.testkit.PosixFiles.nobody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.support.files.RefusedPathException;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local attacker (or a slip of an operator) plants in the state directory, on the real file system: a
 * symbolic link at {@code backups/}, at the state file or at the state directory, a regular file where
 * {@code backups/} belongs, a state directory of another user, and strangers inside {@code backups/}. Each is
 * refused or left alone with one ERROR or WARN line naming the path and what is there, STATE_SAVE_FAILED is raised
 * for what blocks the store, and nothing outside the store's own files is ever written, read through or deleted.
 */
class PlantedPathsTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path root;
    private Path state;
    private Path outside;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final ManualClock clock = new ManualClock(T0);
    private StateFileStore store;

    @BeforeEach
    void prepare() throws IOException {
        state = root.resolve("state");
        outside = Files.createDirectory(root.resolve("outside"));
        store = new StateFileStore(state, StoreSettings.defaults().withRotationIntervalMillis(0), metrics, alarms,
                clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void directoriesAreCreatedForTheOwnerOnlyAndFilesReadableByTheOwnerOnly() throws IOException {
        store.save(Snapshots.ports(2, 1));
        clock.advanceMillis(1);
        store.save(Snapshots.ports(2, 2));

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(store.backupDirectory())).isEqualTo("rwx------");
        assertThat(mode(store.liveFile())).isEqualTo("rw-------");
        BackupFile backup = store.listBackups().get(0);
        assertThat(mode(store.backupDirectory().resolve(backup.fileName()))).isEqualTo("rw-------");
        assertThat(alarms.calls).noneMatch(RecordingAlarms.Call::raise);
    }

    @Test
    void directoriesOpenToOthersAreTightenedAndTheChangeLogged() throws IOException {
        Files.createDirectories(state.resolve(StateFileStore.BACKUP_DIRECTORY_NAME));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(store.backupDirectory(), PosixFilePermissions.fromString("rwxr-xr-x"));

        try (LogCapture log = new LogCapture()) {
            store.save(Snapshots.ports(2, 1));
            store.rotate();

            assertThat(log.count("Permissions of " + state + " tightened from rwxrwxrwx to rwx------")).isEqualTo(1);
            assertThat(log.count("Permissions of " + store.backupDirectory() + " tightened from rwxr-xr-x to rwx------"))
                    .isEqualTo(1);
        }
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(store.backupDirectory())).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkAtBackupsIsNeverWrittenThroughNorCleanedThroughAndIsAlarmed() throws IOException {
        Path lookalike = Files.writeString(outside.resolve("port_state_1-0.json"), "not portsyncd's");
        store.save(Snapshots.ports(2, 1));
        Path link = store.backupDirectory();
        Files.createSymbolicLink(link, outside);

        try (LogCapture log = new LogCapture()) {
            clock.advanceMillis(1);
            store.save(Snapshots.ports(2, 2));
            assertThatThrownBy(() -> store.rotate()).isInstanceOf(RefusedPathException.class);
            assertThat(store.cleanupBackups(0)).isZero();
            assertThat(store.cleanupStaleFiles()).isZero();
            assertThat(store.listBackups()).isEmpty();

            String found = link + " is a symbolic link to '" + outside + "', not a directory; refused";
            assertThat(log.lines()).filteredOn(line -> line.contains(found))
                    .singleElement().asString().contains(" ERROR ").endsWith(": no backup is written, loaded or removed there");
            assertThat(store.refusedPaths()).containsExactly(found);
        }

        assertThat(list(outside)).containsExactly("port_state_1-0.json");
        assertThat(Files.readString(lookalike)).isEqualTo("not portsyncd's");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        RecordingAlarms.Call raise = alarms.raises(AlarmType.STATE_SAVE_FAILED).get(0);
        assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
        assertThat(raise.details()).containsEntry("file", link.toString())
                .containsEntry("found", "a symbolic link to '" + outside + "', not a directory");
        assertThat(store.load().source()).as("the live file is still saved").isEqualTo("live");
        assertThat(metrics.count(Counter.BACKUP_CREATED)).isZero();
        assertThat(metrics.count(Counter.BACKUP_CLEANUP)).isZero();

        Files.delete(link);
        clock.advanceMillis(1);
        store.save(Snapshots.ports(2, 3));

        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).as("cleared once backups/ is usable").isFalse();
        assertThat(store.listBackups()).hasSize(1);
        assertThat(mode(store.backupDirectory())).isEqualTo("rwx------");
        assertThat(list(outside)).containsExactly("port_state_1-0.json");
    }

    @Test
    void aRegularFileAtBackupsIsRefusedAndKept() throws IOException {
        Files.createDirectory(state);
        Path file = Files.writeString(store.backupDirectory(), "someone's notes");

        store.save(Snapshots.ports(2, 1));
        assertThatThrownBy(() -> store.rotate()).isInstanceOf(RefusedPathException.class)
                .hasMessage(file + " is a regular file, not a directory; refused");
        assertThat(store.cleanupBackups(0)).isZero();

        assertThat(Files.readString(file)).isEqualTo("someone's notes");
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        assertThat(alarms.raises(AlarmType.STATE_SAVE_FAILED).get(0).details()).containsEntry("file", file.toString());
        assertThat(store.load().source()).isEqualTo("live");
    }

    @Test
    void aSymbolicLinkAtTheStateFileIsRefusedAndItsTargetUntouched() throws IOException {
        Path target = Files.writeString(outside.resolve("shadow"), "root:x:0:0");
        Files.createDirectory(state);
        Files.createSymbolicLink(store.liveFile(), target);

        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> store.save(Snapshots.ports(2, 1))).isInstanceOf(RefusedPathException.class)
                    .hasMessage(store.liveFile() + " is a symbolic link to '" + target + "'; refused");
            store.saveCoalesced(() -> Snapshots.ports(2, 2));
            store.close();

            assertThat(log.count(store.liveFile() + " is a symbolic link to '" + target
                    + "'; refused: the port state is not saved")).isEqualTo(1);
        }

        assertThat(Files.readString(target)).isEqualTo("root:x:0:0");
        assertThat(Files.isSymbolicLink(store.liveFile())).isTrue();
        assertThat(metrics.count(Counter.STATE_SAVE_FAILURES)).isEqualTo(2);
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        assertThat(alarms.raises(AlarmType.STATE_SAVE_FAILED).get(0).text()).contains(store.liveFile().toString(),
                "symbolic link");
        assertThat(list(state)).containsExactly(StateFileStore.LIVE_FILE_NAME);
    }

    @Test
    void aSymbolicLinkAtTheStateDirectoryIsRefusedAndNothingIsWrittenInItsTarget() throws IOException {
        Files.createSymbolicLink(state, outside);

        assertThatThrownBy(() -> store.save(Snapshots.ports(2, 1))).isInstanceOf(RefusedPathException.class)
                .hasMessage(state + " is a symbolic link to '" + outside + "', not a directory; refused");
        assertThat(store.load().rejections())
                .containsExactly(state + " is a symbolic link to '" + outside + "', not a directory; refused");
        assertThat(store.cleanupStaleFiles()).isZero();

        assertThat(list(outside)).isEmpty();
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        assertThat(alarms.raises(AlarmType.CORRUPTION)).as("nothing was read, so nothing is corrupt").isEmpty();
    }

    @Test
    void aStateDirectoryOfAnotherUserIsRefusedAndLeftAsItIs() throws IOException {
        Environment.requireRoot();
        directoryOfNobody(state);

        assertThatThrownBy(() -> store.save(Snapshots.ports(2, 1))).isInstanceOf(RefusedPathException.class)
                .hasMessageStartingWith(state + " is a directory owned by 'nobody', not by this process's user");
        assertThat(store.load().source()).isEqualTo("none");

        assertThat(list(state)).isEmpty();
        assertThat(mode(state)).as("not tightened: not ours").isEqualTo("rwxr-xr-x");
        assertThat(Files.getOwner(state)).isEqualTo(nobody());
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        assertThat(metrics.count(Counter.STATE_SAVE_FAILURES)).isEqualTo(1);
    }

    @Test
    void cleanupRemovesOnlyTheStoresOwnBackupsAndReportsTheStrangers() throws IOException {
        Environment.requireRoot();
        store.save(Snapshots.ports(2, 1));
        store.rotate();
        Path backups = store.backupDirectory();
        Path precious = Files.writeString(outside.resolve("precious"), "keep me");
        Path link = Files.createSymbolicLink(backups.resolve("port_state_5-0.json"), precious);
        Path theirs = Files.writeString(backups.resolve("port_state_6-0.json"), "theirs");
        Files.setOwner(theirs, nobody());
        Path notes = Files.writeString(backups.resolve("notes.txt"), "notes");

        try (LogCapture log = new LogCapture()) {
            assertThat(store.cleanupBackups(0)).isEqualTo(1);

            assertThat(log.lines()).filteredOn(line -> line.contains("were not written by portsyncd"))
                    .singleElement().asString().contains(" WARN ", "3 entries of " + backups, "notes.txt",
                            "port_state_5-0.json is a symbolic link to '" + precious + "'",
                            "port_state_6-0.json is a regular file of nobody");
        }

        assertThat(list(backups)).containsExactlyInAnyOrder("port_state_5-0.json", "port_state_6-0.json",
                "notes.txt");
        assertThat(Files.readString(precious)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(notes)).isEqualTo("notes");
        assertThat(store.listBackups()).isEmpty();
        assertThat(store.refusedPaths()).containsExactly(
                backups + "/notes.txt is a regular file, not named like a backup; left alone",
                backups + "/port_state_5-0.json is a symbolic link to '" + precious + "'; left alone",
                backups + "/port_state_6-0.json is a regular file of nobody; left alone");
    }
}
