package net.sonic.portsyncd.bench.e2e;

import static net.sonic.portsyncd.bench.e2e.Samples.ms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.sonic.portsyncd.bench.report.Machine;
import net.sonic.portsyncd.bench.report.Results;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import net.sonic.portsyncd.tools.OrchagentStandIn;

/**
 * The real container: the Karaf assembly unpacked afresh, configured for a private redis-server and a fresh
 * namespace, started with {@code bin/karaf server}; the time from the process start to PortConfigDone,
 * PortInitDone and all N STATE_DB rows (the orchagent stand-in pops APPL_DB and creates the taps), then the
 * container JVM's RSS and threads, and {@code bin/stop}.
 *
 * <p>Options: {@code --assembly karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz --ports 32,512
 * --out bench/results/container.json}.
 */
public final class ContainerStartBenchmark {
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration ROWS_LIMIT = Duration.ofSeconds(30);
    private static final String DISTRIBUTION = "portsyncd-karaf-1.0.0";

    private ContainerStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the keyspace client is a plain RESP2 subscriber; Jedis warns about that on every connection
        System.setProperty("org.slf4j.simpleLogger.log.redis.clients.jedis.Jedis", "error");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path assembly = Path.of(options.getOrDefault("assembly",
                "karaf-assembly/target/" + DISTRIBUTION + ".tar.gz")).toAbsolutePath();
        int[] sizes = Arrays.stream(options.getOrDefault("ports", "32,512").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        Path out = Path.of(options.getOrDefault("out", "bench/results/container.json"));
        if (!Files.isRegularFile(assembly)) {
            throw new IllegalStateException("no Karaf assembly at " + assembly + ": build karaf-assembly first");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        List<Map<String, Object>> runs = new ArrayList<>();
        results.put("runs", runs);
        try (RedisServer redis = RedisServer.start()) {
            for (int ports : sizes) {
                System.out.printf("-- container start, N=%d ports (load average %s)%n", ports, Machine.loadAverage());
                runs.add(measure(redis, assembly, ports));
                Results.write(out, results);
            }
        }
        results.put("load_average_at_end", Machine.loadAverage());
        Results.write(out, results);
        Results.printTable("portsyncd in the Karaf container: process start to the start-up milestones",
                runs.stream().map(run -> "N=" + run.get(E2eMetrics.PORTS)).toList(), runs);
    }

    private static Map<String, Object> measure(RedisServer redis, Path assembly, int ports) throws Exception {
        redis.command("FLUSHALL");
        Path work = Files.createTempDirectory("bench-karaf-");
        Map<String, Object> run = new LinkedHashMap<>();
        run.put(E2eMetrics.PORTS, ports);
        try (NetNs ns = NetNs.create("karaf");
                SonicDbClient client = SonicDbClient.open(redis.writeDatabaseConfig(work.resolve("database_config.json"),
                        true), "", Duration.ofSeconds(5));
                KeyspaceClock clock = new KeyspaceClock(redis.host(), redis.port());
                KarafInstance karaf = KarafInstance.unpack(assembly, work, work.resolve("database_config.json"),
                        ns.name(), work.resolve("state"))) {
            seed(redis, ports);
            OrchagentStandIn orchagent = new OrchagentStandIn(client, ns.name(), line -> System.out.println("  " + line));
            Thread orchagentThread = new Thread(orchagent::run, "bench-orchagent-stand-in");
            orchagentThread.start();
            StartMilestones milestones = new StartMilestones(ports);
            clock.sendTo(milestones);
            long started = System.nanoTime();
            karaf.start();
            try {
                Poll.until(START_LIMIT, () -> milestones.portConfigDone() != 0 && milestones.portInitDone() != 0 || !karaf.isRunning(),
                        () -> "PortConfigDone and PortInitDone from the container; see " + karaf.logDirectory());
                if (!karaf.isRunning()) {
                    throw new IllegalStateException("the container exited; see " + work);
                }
                run.put("process start -> PortConfigDone (ms)", ms(milestones.portConfigDone() - started));
                run.put("process start -> PortInitDone (ms)", ms(milestones.portInitDone() - started));
                awaitRows(milestones);
                // the stand-in creates netdevs as soon as it pops PortConfigDone; like the reference, the engine
                // ignores Ethernet netdevs that already exist when it takes its snapshot of them (a race it can lose)
                run.put("process start -> all N STATE_DB rows (ms)", milestones.allRows() == 0
                        ? "only " + milestones.rowsSeen() + " rows after " + ROWS_LIMIT.toSeconds() + " s"
                        : ms(milestones.allRows() - started));
                karaf.jvm().ifPresent(jvm -> footprint(jvm, run));
            } finally {
                clock.discard();
                long stopMillis = karaf.stop();
                run.put("bin/stop -> process exit (ms)", stopMillis < 0 ? "killed after 60 s" : stopMillis);
                orchagent.close();
                orchagentThread.join(10_000);
            }
        } catch (Exception | AssertionError e) {
            System.out.println("container run failed; its files are kept in " + work);
            throw e;
        }
        deleteTree(work);
        return run;
    }

    private static void awaitRows(StartMilestones milestones) throws InterruptedException {
        long deadline = System.nanoTime() + ROWS_LIMIT.toNanos();
        while (milestones.allRows() == 0 && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void seed(RedisServer redis, int ports) {
        for (int i = 0; i < ports; i++) {
            int lane = i * 4;
            redis.commandOn(4, "HSET", "PORT|Ethernet" + lane, "lanes", lane + "," + (lane + 1) + "," + (lane + 2) + ","
                    + (lane + 3), "speed", "100000", "alias", "etp" + (i + 1), "index", Integer.toString(i + 1),
                    "mtu", "9100", "admin_status", "up", "fec", "rs");
        }
    }

    private static void footprint(ProcessHandle jvm, Map<String, Object> run) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    run.put("container JVM RSS (MiB)", Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 102.4) / 10.0);
                } else if (line.startsWith("Threads:")) {
                    run.put("container JVM threads", Integer.parseInt(line.replaceAll("[^0-9]", "")));
                }
            }
            List<String> stat = Arrays.asList(Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "stat"))
                    .replaceFirst("^.*\\) ", "").split(" "));
            long ticks = Long.parseLong(stat.get(11)) + Long.parseLong(stat.get(12));
            run.put("container CPU until all rows (s)", ticks / 100.0);
        } catch (IOException e) {
            run.put("container JVM RSS (MiB)", "unreadable: " + e.getMessage());
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
