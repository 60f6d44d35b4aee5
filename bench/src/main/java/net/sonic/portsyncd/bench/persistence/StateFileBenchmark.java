package net.sonic.portsyncd.bench.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;

/**
 * Save and load time of the port state file for 512 and 4,096 ports, through the public store API: a save is
 * encode + atomic replace (two fsyncs), a save with backup also copies the previous file first, a load is read +
 * parse + validate + checksum, a recovery load rejects a damaged live file and promotes the backup.
 *
 * <p>Arguments: [directory on the file system to measure (default java.io.tmpdir)]; {@code -Diterations=N}
 * (default 200).
 */
public final class StateFileBenchmark {
    private static final int[] PORT_COUNTS = {512, 4_096};
    private static final int WARM_UP = 50;

    private StateFileBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.log.net.sonic.portsyncd.persistence", "error");
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int iterations = Integer.getInteger("iterations", 200);
        System.out.printf("State file benchmark in %s (%s), %d iterations after %d warm-up, times in ms (p50 / p99)%n",
                base, Files.getFileStore(base).type(), iterations, WARM_UP);
        System.out.printf("%6s %9s %17s %17s %17s %17s%n", "ports", "file KiB", "save", "save+backup", "load",
                "recovery load");
        for (int ports : PORT_COUNTS) {
            Path directory = Files.createTempDirectory(base, "state-bench-");
            try {
                measure(directory, ports, iterations);
            } finally {
                delete(directory);
            }
        }
    }

    private static void measure(Path directory, int ports, int iterations) throws IOException {
        PortStateSnapshot snapshot = snapshot(ports);
        long hour = 3_600_000;
        try (StateFileStore store = store(directory, hour); StateFileStore rotating = store(directory, 0)) {
            Timings save = time(iterations, () -> store.save(snapshot));
            long fileBytes = Files.size(store.liveFile());
            Timings saveWithBackup = time(iterations, () -> rotating.save(snapshot));
            Timings load = time(iterations, () -> requireSource(store.load(), "live"));
            byte[] damaged = {'{'};
            Timings recovery = time(iterations, () -> Files.write(store.liveFile(), damaged),
                    () -> requireSource(store.load(), "backup:"));
            System.out.printf("%6d %9.1f %17s %17s %17s %17s%n", ports, fileBytes / 1024.0, save, saveWithBackup, load,
                    recovery);
        }
    }

    private static StateFileStore store(Path directory, long rotationIntervalMillis) {
        return new StateFileStore(directory, StoreSettings.defaults().withRotationIntervalMillis(rotationIntervalMillis),
                MetricsRecorder.NONE, Clock.systemUTC());
    }

    private static PortStateSnapshot snapshot(int ports) {
        Map<String, PortRecord> records = new LinkedHashMap<>();
        for (int i = 0; i < ports; i++) {
            String name = "Ethernet" + i * 4;
            records.put(name, new PortRecord(name, 1_000 + i, true, i % 2 == 0, 0x11043, 9_100));
        }
        return new PortStateSnapshot(System.currentTimeMillis(), "0546e873-e542-4dd1-b81b-8de7905b88d4", false, true,
                records);
    }

    private static void requireSource(LoadOutcome outcome, String source) {
        if (!outcome.source().startsWith(source) || outcome.snapshot().isEmpty()) {
            throw new IllegalStateException("expected a load from " + source + ", got " + outcome);
        }
    }

    private static Timings time(int iterations, Step step) throws IOException {
        return time(iterations, () -> { }, step);
    }

    /** Runs {@code prepare} untimed before every timed {@code step}. */
    private static Timings time(int iterations, Step prepare, Step step) throws IOException {
        long[] nanos = new long[iterations];
        for (int i = -WARM_UP; i < iterations; i++) {
            prepare.run();
            long start = System.nanoTime();
            step.run();
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        return new Timings(nanos[iterations / 2], nanos[Math.min(iterations - 1, iterations * 99 / 100)]);
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private record Timings(long p50Nanos, long p99Nanos) {
        @Override
        public String toString() {
            return String.format("%7.2f / %7.2f", p50Nanos / 1e6, p99Nanos / 1e6);
        }
    }
}
