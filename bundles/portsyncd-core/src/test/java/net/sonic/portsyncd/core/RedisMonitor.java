package net.sonic.portsyncd.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/** Records every command the server executes (MONITOR), with the database it ran in. */
final class RedisMonitor implements AutoCloseable {
    private static final String MARKER = "core-monitor-marker";

    /** One executed command; {@code lua} when a script ran it. */
    record Command(int db, boolean lua, List<String> args) {
        String name() {
            return args.get(0).toUpperCase();
        }

        boolean is(int database, String command) {
            return db == database && name().equals(command);
        }

        String arg(int index) {
            return index < args.size() ? args.get(index) : null;
        }
    }

    private final RedisServer redis;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Jedis monitor;
    private final Thread thread;

    RedisMonitor(RedisServer redis) {
        this.redis = redis;
        this.monitor = new Jedis(redis.host(), redis.port());
        thread = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                    }
                });
            } catch (RuntimeException closed) {
                // close() closes the connection under the blocked reader
            }
        }, "test-redis-monitor");
        thread.start();
        try (Jedis probe = new Jedis(redis.host(), redis.port())) {
            Poll.until(Duration.ofSeconds(5), () -> {
                probe.echo("core-monitor-ready");
                return lines.stream().anyMatch(l -> l.contains("core-monitor-ready"));
            }, "MONITOR did not start");
        }
        lines.clear();
    }

    /** Every command executed so far (a marker round trip makes sure the server's backlog is in). */
    List<Command> commands() {
        String marker = MARKER + System.nanoTime();
        try (Jedis probe = new Jedis(redis.host(), redis.port())) {
            probe.echo(marker);
        }
        Poll.until(Duration.ofSeconds(5), () -> lines.stream().anyMatch(l -> l.contains(marker)), "monitor marker");
        List<Command> commands = new ArrayList<>();
        for (String line : lines) {
            if (!line.contains(MARKER) && !line.contains("core-monitor-ready")) {
                commands.add(parse(line));
            }
        }
        return commands;
    }

    List<Command> commands(Predicate<Command> filter) {
        return commands().stream().filter(filter).toList();
    }

    void clear() {
        commands();
        lines.clear();
    }

    @Override
    public void close() throws InterruptedException {
        monitor.close();
        thread.join(5000);
    }

    /** {@code 1700000000.123 [0 127.0.0.1:5000] "HSET" "k"}, or {@code [0 lua]} for script calls. */
    static Command parse(String line) {
        int open = line.indexOf('[');
        int bracket = line.indexOf(']');
        String origin = line.substring(open + 1, bracket);
        int db = Integer.parseInt(origin.substring(0, origin.indexOf(' ')));
        List<String> args = new ArrayList<>();
        int i = bracket + 1;
        while (i < line.length()) {
            if (line.charAt(i) != '"') {
                i++;
                continue;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            i++;
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(i + 1);
                    switch (next) {
                        case 'x' -> {
                            arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            i += 4;
                        }
                        case 'n' -> { arg.write('\n'); i += 2; }
                        case 'r' -> { arg.write('\r'); i += 2; }
                        case 't' -> { arg.write('\t'); i += 2; }
                        default -> { arg.write(next); i += 2; }
                    }
                } else {
                    byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    arg.write(bytes, 0, bytes.length);
                    i++;
                }
            }
            args.add(arg.toString(StandardCharsets.UTF_8));
            i++;
        }
        return new Command(db, origin.endsWith(" lua"), args);
    }
}
