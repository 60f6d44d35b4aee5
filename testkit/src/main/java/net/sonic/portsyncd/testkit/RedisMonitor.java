package net.sonic.portsyncd.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every command a {@link RedisServer} executes (MONITOR on a connection of its own), with the database it
 * ran in and whether a script ran it. {@link #commands()} first sends a marker and waits for it, so that all the
 * server executed before the call is in.
 */
public final class RedisMonitor implements AutoCloseable {
    /** The commands that change data. */
    public static final Set<String> WRITES = Set.of("EVALSHA", "EVAL", "HSET", "HDEL", "DEL", "SADD", "SREM",
            "PUBLISH", "SET");

    private static final String MARKER = "testkit-monitor-marker-";

    private final RedisServer redis;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Socket socket = new Socket();
    private final Thread reader;

    public RedisMonitor(RedisServer redis) {
        this.redis = redis;
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redis.port()), 1000);
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MONITOR on port " + redis.port(), e);
        }
        reader = new Thread(this::read, "testkit-redis-monitor");
        reader.setDaemon(true);
        reader.start();
        awaitMarker();
        lines.clear();
    }

    /** Every command executed since the start or the last {@link #clear()}. */
    public List<MonitorLine> commands() {
        awaitMarker();
        return lines.stream().filter(line -> !line.contains(MARKER)).map(MonitorLine::parse).toList();
    }

    public List<MonitorLine> commands(Predicate<MonitorLine> filter) {
        return commands().stream().filter(filter).toList();
    }

    /** Forgets what was executed so far. */
    public void clear() {
        awaitMarker();
        lines.clear();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the reader ends either way
        }
        reader.join(5000);
    }

    private void awaitMarker() {
        String marker = MARKER + System.nanoTime();
        redis.command("ECHO", marker);
        Poll.until(Duration.ofSeconds(5), () -> lines.stream().anyMatch(line -> line.contains(marker)),
                "MONITOR did not show " + marker);
    }

    /** The reply to MONITOR is +OK, then one status line a command. */
    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("+") && !line.equals("+OK")) {
                    lines.add(line.substring(1));
                }
            }
        } catch (IOException closed) {
            // close() closes the socket under the blocked reader
        }
    }
}
