package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves on file systems that refuse them as a switch's disk would: a full 16 KiB tmpfs (ENOSPC) and a tmpfs
 * remounted read-only (EROFS). Each failed save is counted and raises STATE_SAVE_FAILED with the file and the cause,
 * the live file keeps its last good content, and the next save that succeeds clears the alarm.
 */
class SaveFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();
    private Tmpfs tmpfs;
    private StateFileStore store;

    @BeforeEach
    void mount() throws IOException {
        tmpfs = Tmpfs.mount(dir.resolve("state"), "16k");
        store = new StateFileStore(tmpfs.path(), StoreSettings.defaults().withSaveIntervalMillis(20), metrics, alarms,
                Clock.systemUTC());
    }

    @AfterEach
    void unmount() {
        try {
            store.close();
        } finally {
            tmpfs.close();
        }
    }

    @Test
    void aFullDiskFailsTheSaveLeavesTheLiveFileIntactAndAlarmsUntilASaveSucceeds() throws Exception {
        store.save(Snapshots.ports(4, 1));
        byte[] lastGood = Files.readAllBytes(store.liveFile());
        Path filler = tmpfs.fill();

        assertThatThrownBy(() -> store.save(Snapshots.ports(8, 2))).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        assertSaveFailed(1, "No space left on device");
        assertLiveFileIs(lastGood);

        store.saveCoalesced(() -> Snapshots.ports(8, 3));
        Poll.until(WAIT, () -> metrics.count(Counter.STATE_SAVE_FAILURES) == 2, "the coalesced save failed");
        assertSaveFailed(2, "No space left on device");
        assertLiveFileIs(lastGood);

        Files.delete(filler);
        store.save(Snapshots.ports(8, 4));

        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isFalse();
        assertThat(store.load().snapshot().orElseThrow().savedAtMillis()).isEqualTo(4);
        assertThat(metrics.count(Counter.STATE_SAVE_FAILURES)).isEqualTo(2);
    }

    @Test
    void aReadOnlyFileSystemFailsTheSaveAndAWritableOneClearsTheAlarm() throws Exception {
        store.save(Snapshots.ports(4, 1));
        byte[] lastGood = Files.readAllBytes(store.liveFile());
        tmpfs.readOnly();
        try {
            assertThatThrownBy(() -> store.save(Snapshots.ports(4, 2))).isInstanceOf(IOException.class);
            assertSaveFailed(1, "Read-only file system");
            assertLiveFileIs(lastGood);
        } finally {
            tmpfs.writable();
        }

        store.saveCoalesced(() -> Snapshots.ports(4, 3));
        Poll.until(WAIT, () -> !alarms.active(AlarmType.STATE_SAVE_FAILED), "the alarm cleared by a good save");

        assertThat(StateFileFormat.decode(Files.readAllBytes(store.liveFile())).savedAtMillis()).isEqualTo(3);
        assertThat(metrics.count(Counter.STATE_SAVE_FAILURES)).isEqualTo(1);
    }

    private void assertSaveFailed(int failures, String cause) {
        assertThat(metrics.count(Counter.STATE_SAVE_FAILURES)).isEqualTo(failures);
        assertThat(alarms.active(AlarmType.STATE_SAVE_FAILED)).isTrue();
        RecordingAlarms.Call raise = alarms.raises(AlarmType.STATE_SAVE_FAILED).get(failures - 1);
        assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
        assertThat(raise.text()).contains(store.liveFile().toString(), cause);
        assertThat(raise.details()).containsEntry("file", store.liveFile().toString()).containsEntry("cause", cause)
                .containsEntry("failures", Integer.toString(failures));
    }

    /** The live file as it was, valid, and no temporary file of the failed write left beside it. */
    private void assertLiveFileIs(byte[] lastGood) throws IOException {
        byte[] live = Files.readAllBytes(store.liveFile());
        assertThat(live).isEqualTo(lastGood);
        assertThat(StateFileFormat.decode(live).ports()).hasSize(4);
        try (Stream<Path> files = Files.list(tmpfs.path())) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertThat(names).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
