package net.sonic.portsyncd.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every command a {@link RedisServer} executes (MONITOR on a connection of its own), with the server's time stamp,
 * the database it ran in and whether a script ran it. Recording from the moment the constructor returns: the
 * default constructor keeps the commands for {@link #commands()}, which first sends a marker and waits for it, so
 * that all the server executed before the call is in; the other hands each command to a sink as it arrives and
 * keeps none. The connection ends when the server stops ({@link #connected()}); a new monitor follows a restarted
 * server.
 */
public final class RedisMonitor implements AutoCloseable {
    /** The commands that change data. */
    public static final Set<String> WRITES = Set.of("EVALSHA", "EVAL", "HSET", "HDEL", "DEL", "SADD", "SREM",
            "PUBLISH", "SET");

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MARKER = "testkit-monitor-marker-";

    private final RedisServer redis;
    private final List<MonitorLine> recorded;
    private final Consumer<MonitorLine> sink;
    private final Set<String> markersSeen = ConcurrentHashMap.newKeySet();
    private final Socket socket = new Socket();
    private final Thread reader;
    private volatile boolean connected = true;
    private volatile RuntimeException failure;

    /** Keeps every command for {@link #commands()}. */
    public RedisMonitor(RedisServer redis) {
        this(redis, new CopyOnWriteArrayList<>(), null);
    }

    /**
     * Hands every command to {@code sink} on the thread that reads them, as it arrives (it must be quick); keeps
     * none. {@link #sync()} returns once the commands run before it have been handed on.
     */
    public RedisMonitor(RedisServer redis, Consumer<MonitorLine> sink) {
        this(redis, null, sink);
    }

    private RedisMonitor(RedisServer redis, List<MonitorLine> recorded, Consumer<MonitorLine> sink) {
        this.redis = redis;
        this.recorded = recorded;
        this.sink = recorded != null ? recorded::add : sink;
        BufferedReader in;
        try {
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), 1000);
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(Resp.encode("MONITOR"));
            socket.getOutputStream().flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            // +OK comes once the server has made this connection a monitor: it sees every command after it
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IOException("MONITOR answered " + ok);
            }
            // a stopped server (SIGSTOP) only delays the stream
            socket.setSoTimeout(0);
        } catch (IOException e) {
            closeSocket();
            throw new UncheckedIOException("cannot start MONITOR on port " + redis.port(), e);
        }
        reader = new Thread(() -> read(in), "testkit-redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** Every command executed since the start or the last {@link #clear()}. */
    public List<MonitorLine> commands() {
        if (recorded == null) {
            throw new IllegalStateException("a monitor with a sink keeps no commands");
        }
        sync();
        return List.copyOf(recorded);
    }

    public List<MonitorLine> commands(Predicate<MonitorLine> filter) {
        return commands().stream().filter(filter).toList();
    }

    /** Forgets what was executed so far. */
    public void clear() {
        commands();
        recorded.clear();
    }

    /** Returns once every command the server executed before the call has been looked at. */
    public void sync() {
        String marker = MARKER + System.nanoTime();
        redis.command("ECHO", marker);
        Poll.until(WAIT, () -> markersSeen.contains(marker) || failure != null || !connected,
                () -> "MONITOR did not show " + marker);
        if (failure != null) {
            throw new IllegalStateException("a MONITOR line could not be read", failure);
        }
        if (!markersSeen.remove(marker)) {
            throw new IllegalStateException("the MONITOR connection ended (did the server stop?)");
        }
    }

    /** False once the connection has ended: closed, or the server stopped. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() throws InterruptedException {
        closeSocket();
        reader.join(5000);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the reader ends either way
        }
    }

    /** One status line a command: {@code +1700000000.123456 [0 127.0.0.1:5000] "HSET" "key" ...}. */
    private void read(BufferedReader in) {
        try (in) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("+")) {
                    seen(MonitorLine.parse(line.substring(1)));
                }
            }
        } catch (IOException closed) {
            // close() closes the socket under the blocked reader; a stopped server ends the stream
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            connected = false;
        }
    }

    private void seen(MonitorLine command) {
        if (command.name().equals("ECHO") && command.args().size() == 2 && command.arg(1).startsWith(MARKER)) {
            markersSeen.add(command.arg(1));
        } else {
            sink.accept(command);
        }
    }
}
