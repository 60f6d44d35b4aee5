package net.sonic.portsyncd.bench.e2e;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisMonitor;
import net.sonic.portsyncd.testkit.RedisServer;

/**
 * Kernel change to STATE_DB write as the C++ reference's measurement takes it: one {@code ip -n <ns> link set
 * <port> up|down} process per change, the next only once the write of the one before has been seen; the clock
 * starts at the wall-clock time {@code ip} has exited (and, for a second reading, just before it is spawned) and
 * stops at MONITOR's server-side time stamp of the {@code HSET PORT_TABLE|<port>} carrying the new admin status.
 * Both clocks are the machine's real-time clock. The kernel sends its RTM_NEWLINK before {@code ip} has exited,
 * so a latency from the exit can be negative.
 */
final class IpToStateDbLatency {
    private static final Duration WRITE_LIMIT = Duration.ofSeconds(5);

    private final RedisServer redis;
    private final String netns;

    IpToStateDbLatency(RedisServer redis, String netns) {
        this.redis = redis;
        this.netns = netns;
    }

    /**
     * {@code changes} admin changes of {@code port}, alternately up and down, starting with the opposite of its
     * state (the container may have brought it up as CONFIG_DB says).
     */
    Map<String, Object> measure(String port, int changes) throws InterruptedException {
        List<Long> fromExit = new ArrayList<>();
        List<Long> fromSpawn = new ArrayList<>();
        int missed = 0;
        boolean up = Processes.run(List.of("ip", "-n", netns, "-o", "link", "show", port)).matches("(?s)[^<]*<[^>]*\\bUP\\b.*");
        RowWrites writes = new RowWrites(port);
        try (RedisMonitor monitor = new RedisMonitor(redis, writes)) {
            for (int i = 0; i < changes; i++) {
                up = !up;
                String admin = up ? "up" : "down";
                writes.clear();
                long spawned = wallMicros();
                int status = Spawn.run("ip", "-n", netns, "link", "set", port, admin);
                long exited = wallMicros();
                if (status != 0) {
                    throw new IllegalStateException("ip link set " + port + " " + admin + " failed in " + netns
                            + " (wait status " + status + ")");
                }
                Long written = writes.awaitWrite(admin);
                if (written == null) {
                    System.out.printf("   change %d (%s %s): no STATE_DB write seen within %d s%n", i + 1, port, admin,
                            WRITE_LIMIT.toSeconds());
                    missed++;
                    continue;
                }
                fromExit.add((written - exited) * 1_000);
                fromSpawn.add((written - spawned) * 1_000);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Samples exit = new Samples(fromExit.stream().mapToLong(Long::longValue).toArray());
        Samples spawn = new Samples(fromSpawn.stream().mapToLong(Long::longValue).toArray());
        result.put(ContainerMetrics.EVENT_MEDIAN, Samples.ms(exit.percentile(50)));
        result.put(ContainerMetrics.EVENT_P99, Samples.ms(exit.percentile(99)));
        result.put(ContainerMetrics.EVENT_MAX, Samples.ms(exit.max()));
        result.put(ContainerMetrics.EVENT_FROM_SPAWN_MEDIAN, Samples.ms(spawn.percentile(50)));
        result.put(ContainerMetrics.EVENT_FROM_SPAWN_P99, Samples.ms(spawn.percentile(99)));
        result.put(ContainerMetrics.EVENT_MISSED, missed);
        return result;
    }

    /**
     * A command run as a fresh process and waited for by the calling thread itself ({@code posix_spawnp},
     * {@code waitpid}), as a script's {@code subprocess.run} does: {@link Process#waitFor()} learns of the exit
     * through the JVM's reaper thread, a second wake-up that would make the exit look later than it was.
     */
    private static final class Spawn {
        private static final LibC LIBC = Native.load("c", LibC.class);
        private static final String[] ENVIRONMENT = System.getenv().entrySet().stream()
                .map(variable -> variable.getKey() + "=" + variable.getValue()).toArray(String[]::new);
        private static final int EINTR = 4;

        interface LibC extends Library {
            int posix_spawnp(IntByReference pid, String file, Pointer fileActions, Pointer attributes, String[] argv,
                    String[] envp);

            int waitpid(int pid, IntByReference status, int options);
        }

        /** The wait status of {@code command} ({@code 0}: exited with 0). */
        static int run(String... command) {
            IntByReference pid = new IntByReference();
            int error = LIBC.posix_spawnp(pid, command[0], null, null, command, ENVIRONMENT);
            if (error != 0) {
                throw new IllegalStateException("cannot spawn " + command[0] + ": errno " + error);
            }
            IntByReference status = new IntByReference();
            while (LIBC.waitpid(pid.getValue(), status, 0) < 0) {
                if (Native.getLastError() != EINTR) {
                    throw new IllegalStateException("waitpid " + pid.getValue() + ": errno " + Native.getLastError());
                }
            }
            return status.getValue();
        }
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** The admin_status writes of one port's STATE_DB row as MONITOR shows them, stamped by the server. */
    private static final class RowWrites implements Consumer<MonitorLine> {
        private final String rowKey;
        private final LinkedBlockingQueue<Write> writes = new LinkedBlockingQueue<>();

        private record Write(long micros, String admin) {
        }

        RowWrites(String port) {
            rowKey = "PORT_TABLE|" + port;
        }

        @Override
        public void accept(MonitorLine command) {
            String admin = command.field("admin_status");
            if (command.name().equals("HSET") && rowKey.equals(command.arg(1)) && admin != null) {
                writes.add(new Write(command.micros(), admin));
            }
        }

        void clear() {
            writes.clear();
        }

        /** When the server ran the next write of {@code admin}, within {@link #WRITE_LIMIT}; null if none. */
        Long awaitWrite(String admin) throws InterruptedException {
            long deadline = System.nanoTime() + WRITE_LIMIT.toNanos();
            for (long left = WRITE_LIMIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Write write = writes.poll(left, TimeUnit.NANOSECONDS);
                if (write != null && write.admin().equals(admin)) {
                    return write.micros();
                }
            }
            return null;
        }
    }
}
