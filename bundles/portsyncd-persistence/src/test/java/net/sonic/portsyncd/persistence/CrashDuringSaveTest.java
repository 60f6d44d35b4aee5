package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM saving in a tight loop is killed with SIGKILL at a random moment, over and over; after every kill the live
 * file must load as it is (no recovery from a backup), and every backup must be valid too.
 *
 * <p>Cycles: {@code -Dportsyncd.crash.cycles=N}, or 1,000 with {@code -Dportsyncd.long=true}, else
 * {@value #DEFAULT_CYCLES} (about a minute and a half on a loaded two-core machine).
 */
class CrashDuringSaveTest {
    static final int DEFAULT_CYCLES = 300;
    static final int LONG_CYCLES = 1_000;
    private static final long MAX_KILL_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;
    @TempDir
    Path work;
    private ChildJvm children;

    @Test
    void sigkillDuringSavesNeverLeavesAnUnreadableLiveFile() throws Exception {
        int cycles = Integer.getInteger("portsyncd.crash.cycles",
                Boolean.getBoolean("portsyncd.long") ? LONG_CYCLES : DEFAULT_CYCLES);
        SplittableRandom random = new SplittableRandom(0xC0FFEE);
        long started = System.nanoTime();
        children = ChildJvm.prepare(work, SaveLoop.class, directory.toString(), SaveLoop.ONCE);
        try (StateFileStore reader = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.systemUTC())) {
            for (int cycle = 0; cycle < cycles; cycle++) {
                killDuringSaves(random.nextLong(MAX_KILL_DELAY_NANOS));

                LoadOutcome outcome = reader.load();

                assertThat(outcome.source()).as("cycle %d: %s", cycle, outcome.rejections()).isEqualTo("live");
                assertThat(outcome.snapshot()).isPresent();
                for (BackupFile backup : reader.listBackups()) {
                    StateFileFormat.decode(Files.readAllBytes(reader.backupDirectory().resolve(backup.fileName())));
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("crash test: %d SIGKILL cycles in %.1f s (%.0f ms per cycle)%n", cycles,
                took.toMillis() / 1000.0, took.toMillis() / (double) cycles);
        assertLeftoverTemporaryFilesAreCleanedUp();
    }

    private void killDuringSaves(long killDelayNanos) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(children.command(SaveLoop.class, directory.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = output.readLine();
            assertThat(line).as("the child's first line (exit %s)", child.isAlive() ? "none" : child.exitValue())
                    .isEqualTo(SaveLoop.READY);
            // the random moment of the kill is the point of the test, not a wait for a condition
            LockSupport.parkNanos(killDelayNanos);
            assertThat(child.isAlive()).as("the child is still saving").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(CHILD_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the child died").isTrue();
        }
    }

    private void assertLeftoverTemporaryFilesAreCleanedUp() throws IOException {
        Clock later = Clock.offset(Clock.systemUTC(), StateFileStore.ORPHAN_MIN_AGE.plusMinutes(1));
        try (StateFileStore cleaner = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                later)) {
            cleaner.cleanupStaleFiles();
        }
        try (Stream<Path> files = Stream.concat(Files.list(directory),
                Files.list(directory.resolve(StateFileStore.BACKUP_DIRECTORY_NAME)))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .allMatch(name -> name.equals(StateFileStore.LIVE_FILE_NAME)
                            || name.equals(StateFileStore.BACKUP_DIRECTORY_NAME) || name.startsWith("port_state_"));
        }
    }
}
