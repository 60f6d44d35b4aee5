package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Records what the server executes, through MONITOR on its own connection. {@link #stop()} sends a marker
 * ECHO, waits for it and returns the commands before it, each as its argument list (Lua-internal commands are
 * recorded with a leading "lua" element).
 */
final class MonitorRecorder {
    private static final String MARKER = "monitor-marker";

    private final RedisServer redis;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Jedis monitor;
    private final Thread thread;

    MonitorRecorder(RedisServer redis) {
        this.redis = redis;
        this.monitor = RedisTestSupport.raw(redis, 0);
        thread = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                    }
                });
            } catch (RuntimeException closed) {
                // stop() closes the connection under the blocked reader
            }
        }, "test-monitor");
        thread.start();
        try (Jedis probe = RedisTestSupport.raw(redis, 0)) {
            Poll.until(Duration.ofSeconds(5), () -> {
                probe.echo("monitor-ready");
                return lines.stream().anyMatch(l -> l.contains("monitor-ready"));
            }, "MONITOR did not start");
        }
        lines.clear();
    }

    List<List<String>> stop() throws InterruptedException {
        try (Jedis probe = RedisTestSupport.raw(redis, 0)) {
            probe.echo(MARKER);
        }
        Poll.until(Duration.ofSeconds(5), () -> lines.stream().anyMatch(l -> l.contains(MARKER)), "monitor marker");
        monitor.close();
        thread.join(5000);
        List<List<String>> commands = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(MARKER)) {
                break;
            }
            commands.add(parse(line));
        }
        return commands;
    }

    /** {@code 1700000000.123 [0 127.0.0.1:5000] "EVALSHA" "abc"} -> [EVALSHA, abc]; Lua calls get a "lua" head. */
    static List<String> parse(String line) {
        MonitorLine parsed = MonitorLine.parse(line);
        List<String> args = new ArrayList<>();
        if (parsed.lua()) {
            args.add("lua");
        }
        args.addAll(parsed.args());
        return args;
    }
}
