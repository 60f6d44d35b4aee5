package net.sonic.portsyncd.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/** Records every command the server executes (MONITOR), with the database it ran in. */
final class RedisMonitor implements AutoCloseable {
    private static final String MARKER = "core-monitor-marker";

    /** One executed command; {@code lua} when a script ran it. */
    /** The commands that change data. */
    static final java.util.Set<String> WRITES = java.util.Set.of("EVALSHA", "EVAL", "HSET", "HDEL", "DEL", "SADD",
            "SREM", "PUBLISH", "SET");

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

    static Command parse(String line) {
        MonitorLine parsed = MonitorLine.parse(line);
        return new Command(parsed.db(), parsed.lua(), parsed.args());
    }
}
