package net.sonic.portsyncd.metrics;

import static net.sonic.portsyncd.testkit.PosixFiles.directoryOfNobody;
import static net.sonic.portsyncd.testkit.PosixFiles.list;
import static net.sonic.portsyncd.testkit.PosixFiles.mode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics.json} and its directory on the real file system, with what a local attacker plants there: a
 * symbolic link at the file or at the directory, a directory where the file belongs, a regular file where the
 * directory belongs, a directory of another user. Each is refused with one ERROR line naming the path and what is
 * there and METRICS_FILE_REFUSED (raised as soon as an alarm service is bound, cleared by the next good save);
 * nothing is read or written through it, and nothing it points at changes.
 */
class MetricsFileRefusalTest {
    @TempDir
    Path root;
    private Path dir;
    private Path outside;
    private final RecordingAlarms alarms = new RecordingAlarms();

    @BeforeEach
    void prepare() throws IOException {
        dir = root.resolve("state");
        outside = Files.createDirectory(root.resolve("outside"));
    }

    @Test
    void theDirectoryIsCreatedForItsOwnerOnlyAndAWiderOneTightened() throws IOException {
        try (MetricsService metrics = open()) {
            metrics.increment(Counter.COLD_START);
            assertThat(metrics.save()).isTrue();
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("metrics.json"))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LogCapture log = new LogCapture(); MetricsService metrics = open()) {
            assertThat(metrics.snapshot().counter(Counter.COLD_START)).isEqualTo(1);
            assertThat(log.count("Permissions of " + dir + " tightened from rwxr-xr-x to rwx------")).isEqualTo(1);
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkAtTheFileIsNeitherReadNorWrittenNorMovedAndIsAlarmedUntilItIsGone() throws IOException {
        Path target = outside.resolve("metrics.json");
        try (MetricsService writer = new MetricsService(Clock.systemUTC(),
                new MetricsSettings(outside, Duration.ofHours(1)))) {
            writer.add(Counter.COLD_START, 7);
        }
        byte[] targetBefore = Files.readAllBytes(target);
        Files.createDirectory(dir);
        Path link = Files.createSymbolicLink(dir.resolve("metrics.json"), target);
        String refused = link + " is a symbolic link to '" + target + "'; refused";

        try (LogCapture log = new LogCapture(); MetricsService metrics = open()) {
            assertThat(metrics.snapshot().counter(Counter.COLD_START)).as("not restored through the link").isZero();
            assertThat(metrics.snapshot().counter(Counter.METRICS_FILE_REJECTED)).isEqualTo(1);
            metrics.bindAlarms(alarms);
            assertThat(alarms.active(AlarmType.METRICS_FILE_REFUSED)).as("raised once bound").isTrue();

            metrics.increment(Counter.WARM_RESTART);
            assertThat(metrics.save()).isFalse();
            metrics.increment(Counter.WARM_RESTART);
            assertThat(metrics.save()).isFalse();

            assertThat(log.lines()).filteredOn(line -> line.contains(refused)).singleElement().asString()
                    .contains(" ERROR ");
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(targetBefore);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(list(dir)).containsExactly("metrics.json");
        RecordingAlarms.Call raise = alarms.raises(AlarmType.METRICS_FILE_REFUSED).get(0);
        assertThat(raise.severity()).isEqualTo(AlarmSeverity.MINOR);
        assertThat(raise.details()).containsEntry("file", link.toString())
                .containsEntry("found", "a symbolic link to '" + target + "'");

        Files.delete(link);
        try (MetricsService metrics = open()) {
            metrics.bindAlarms(alarms);
            metrics.increment(Counter.WARM_RESTART);
            assertThat(metrics.save()).isTrue();
            assertThat(alarms.active(AlarmType.METRICS_FILE_REFUSED))
                    .as("a good save clears what an earlier incarnation raised").isFalse();
        }
        assertThat(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(targetBefore);
    }

    @Test
    void aGoodSaveClearsTheAlarmOfTheSameService() throws IOException {
        Files.createDirectory(dir);
        Path link = Files.createSymbolicLink(dir.resolve("metrics.json"), outside.resolve("absent.json"));
        try (MetricsService metrics = open()) {
            metrics.bindAlarms(alarms);
            assertThat(alarms.active(AlarmType.METRICS_FILE_REFUSED)).isTrue();
            Files.delete(link);

            metrics.increment(Counter.WARM_RESTART);
            assertThat(metrics.save()).isTrue();

            assertThat(alarms.active(AlarmType.METRICS_FILE_REFUSED)).isFalse();
        }
        assertThat(list(outside)).isEmpty();
    }

    @Test
    void aSymbolicLinkAtTheDirectoryIsRefusedAndNothingIsWrittenInItsTarget() throws IOException {
        Files.createSymbolicLink(dir, outside);

        try (MetricsService metrics = open()) {
            metrics.bindAlarms(alarms);
            metrics.increment(Counter.COLD_START);
            assertThat(metrics.save()).isFalse();
        }

        assertThat(list(outside)).isEmpty();
        assertThat(alarms.raises(AlarmType.METRICS_FILE_REFUSED)).isNotEmpty().allSatisfy(raise -> assertThat(
                raise.text()).startsWith(dir + " is a symbolic link to '" + outside + "', not a directory; refused"));
    }

    @Test
    void aDirectoryAtTheFileOrAFileAtTheDirectoryIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("metrics.json"));
        try (MetricsService metrics = open()) {
            metrics.bindAlarms(alarms);
            assertThat(alarms.raises(AlarmType.METRICS_FILE_REFUSED).get(0).text())
                    .startsWith(dir.resolve("metrics.json") + " is a directory; refused");
        }
        assertThat(Files.isDirectory(dir.resolve("metrics.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();

        Path file = Files.writeString(root.resolve("file"), "not a directory");
        try (MetricsService metrics = new MetricsService(Clock.systemUTC(),
                new MetricsSettings(file, Duration.ofHours(1)))) {
            metrics.increment(Counter.COLD_START);
            assertThat(metrics.save()).isFalse();
        }
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefusedAndLeftAsItIs() throws IOException {
        Environment.requireRoot();
        directoryOfNobody(dir);

        try (MetricsService metrics = open()) {
            metrics.bindAlarms(alarms);
            metrics.increment(Counter.COLD_START);
            assertThat(metrics.save()).isFalse();
        }

        assertThat(list(dir)).isEmpty();
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
        assertThat(alarms.raises(AlarmType.METRICS_FILE_REFUSED).get(0).text())
                .startsWith(dir + " is a directory owned by 'nobody', not by this process's user");
    }

    private MetricsService open() {
        return new MetricsService(Clock.systemUTC(), new MetricsSettings(dir, Duration.ofHours(1)));
    }
}
