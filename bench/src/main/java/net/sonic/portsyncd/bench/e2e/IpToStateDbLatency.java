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
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

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
    private static final String READY = "bench-ip-latency-monitor-ready";

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
        try (Monitor monitor = new Monitor(redis, port)) {
            for (int i = 0; i < changes; i++) {
                up = !up;
                String admin = up ? "up" : "down";
                monitor.writes.clear();
                long spawned = wallMicros();
                int status = Spawn.run("ip", "-n", netns, "link", "set", port, admin);
                long exited = wallMicros();
                if (status != 0) {
                    throw new IllegalStateException("ip link set " + port + " " + admin + " failed in " + netns
                            + " (wait status " + status + ")");
                }
                Long written = monitor.awaitWrite(admin);
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

    /** MONITOR on its own connection, reduced to the STATE_DB writes of one port's row, stamped by the server. */
    private static final class Monitor implements AutoCloseable {
        private final Jedis jedis;
        private final String rowKey;
        private final Thread thread;
        private final LinkedBlockingQueue<Write> writes = new LinkedBlockingQueue<>();
        private volatile boolean ready;

        private record Write(long micros, String admin) {
        }

        Monitor(RedisServer server, String port) throws InterruptedException {
            jedis = new Jedis(server.host(), server.port());
            rowKey = "\"HSET\" \"PORT_TABLE|" + port + "\"";
            thread = new Thread(() -> {
                try {
                    jedis.monitor(new JedisMonitor() {
                        @Override
                        public void onCommand(String command) {
                            seen(command);
                        }
                    });
                } catch (RuntimeException closed) {
                    // close() ends the blocked read
                }
            }, "bench-ip-latency-monitor");
            thread.setDaemon(true);
            thread.start();
            long deadline = System.nanoTime() + WRITE_LIMIT.toNanos();
            try (Jedis probe = new Jedis(server.host(), server.port())) {
                while (!ready) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("MONITOR did not start within " + WRITE_LIMIT);
                    }
                    probe.echo(READY);
                    TimeUnit.MILLISECONDS.sleep(1);
                }
            }
        }

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

        private void seen(String line) {
            if (line.contains(READY)) {
                ready = true;
                return;
            }
            int bracket = line.indexOf(" [");
            int admin = line.indexOf("\"admin_status\" \"");
            if (bracket < 0 || admin < 0 || !line.contains(rowKey)) {
                return;
            }
            String stamp = line.substring(0, bracket);
            long micros = Long.parseLong(stamp.substring(0, stamp.indexOf('.'))) * 1_000_000
                    + Long.parseLong(stamp.substring(stamp.indexOf('.') + 1));
            int value = admin + "\"admin_status\" \"".length();
            writes.add(new Write(micros, line.substring(value, line.indexOf('"', value))));
        }

        @Override
        public void close() throws InterruptedException {
            jedis.close();
            thread.join(5_000);
        }
    }
}
