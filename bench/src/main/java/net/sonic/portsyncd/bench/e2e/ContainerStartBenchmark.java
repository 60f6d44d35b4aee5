package net.sonic.portsyncd.bench.e2e;

import static net.sonic.portsyncd.bench.e2e.Samples.ms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.sonic.portsyncd.bench.report.Machine;
import net.sonic.portsyncd.bench.report.Results;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
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
                KeyspaceClock clock = new KeyspaceClock(redis.host(), redis.port())) {
            seed(redis, ports);
            Path home = unpack(assembly, work);
            configure(home, work, ns.name());
            OrchagentStandIn orchagent = new OrchagentStandIn(client, ns.name(), line -> System.out.println("  " + line));
            Thread orchagentThread = new Thread(orchagent::run, "bench-orchagent-stand-in");
            orchagentThread.start();
            AtomicLong configDone = new AtomicLong();
            AtomicLong initDone = new AtomicLong();
            AtomicLong allRows = new AtomicLong();
            Set<String> rows = ConcurrentHashMap.newKeySet();
            clock.sendTo(event -> {
                if (!"hset".equals(event.op())) {
                    return;
                }
                if (event.db() == 0 && event.key().endsWith("PortConfigDone")) {
                    configDone.compareAndSet(0, event.nanos());
                } else if (event.db() == 0 && event.key().endsWith("PortInitDone")) {
                    initDone.compareAndSet(0, event.nanos());
                } else if (event.db() == 6 && event.key().startsWith("PORT_TABLE|") && rows.add(event.key())
                        && rows.size() == ports) {
                    allRows.compareAndSet(0, event.nanos());
                }
            });
            long started = System.nanoTime();
            Process karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                    .redirectErrorStream(true).redirectOutput(work.resolve("karaf.out").toFile()).start();
            try {
                Poll.until(START_LIMIT, () -> configDone.get() != 0 && initDone.get() != 0 || !karaf.isAlive(),
                        () -> "PortConfigDone and PortInitDone from the container; see " + home.resolve("data/log"));
                if (!karaf.isAlive()) {
                    throw new IllegalStateException("the container exited with " + karaf.exitValue() + "; see "
                            + work.resolve("karaf.out"));
                }
                run.put("process start -> PortConfigDone (ms)", ms(configDone.get() - started));
                run.put("process start -> PortInitDone (ms)", ms(initDone.get() - started));
                awaitRows(allRows);
                // the stand-in creates netdevs as soon as it pops PortConfigDone; like the reference, the engine
                // ignores Ethernet netdevs that already exist when it takes its snapshot of them (a race it can lose)
                run.put("process start -> all N STATE_DB rows (ms)", allRows.get() == 0
                        ? "only " + rows.size() + " rows after " + ROWS_LIMIT.toSeconds() + " s" : ms(allRows.get() - started));
                containerJvm(karaf).ifPresent(jvm -> footprint(jvm, run));
            } finally {
                clock.discard();
                stop(home, karaf, run);
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

    private static void awaitRows(AtomicLong allRows) throws InterruptedException {
        long deadline = System.nanoTime() + ROWS_LIMIT.toNanos();
        while (allRows.get() == 0 && System.nanoTime() - deadline < 0) {
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

    private static Path unpack(Path assembly, Path work) {
        Processes.run(List.of("tar", "-xzf", assembly.toString(), "-C", work.toString()));
        return work.resolve(DISTRIBUTION);
    }

    /** Our Redis, namespace and state directory; free ports so that other containers on the machine do not clash. */
    private static void configure(Path home, Path work, String netns) throws IOException {
        Path etc = home.resolve("etc");
        Path state = Files.createDirectories(work.resolve("state"));
        append(etc.resolve("net.sonic.portsyncd.db.cfg"), "database.config.path = " + work.resolve("database_config.json"));
        append(etc.resolve("net.sonic.portsyncd.netlink.cfg"), "netns = " + netns);
        append(etc.resolve("net.sonic.portsyncd.persistence.cfg"), "state.dir = " + state);
        append(etc.resolve("net.sonic.portsyncd.metrics.cfg"), "metrics.dir = " + state);
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", freePort());
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", freePort());
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", freePort());
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", freePort());
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, "\n" + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void setProperty(Path file, String key, int value) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                lines.add(key + " = " + value);
                replaced = true;
            } else {
                lines.add(line);
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(file, lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** bin/karaf runs the JVM as a child of its shell. */
    private static Optional<ProcessHandle> containerJvm(Process karaf) {
        return karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
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

    private static void stop(Path home, Process karaf, Map<String, Object> run) throws InterruptedException {
        long stopping = System.nanoTime();
        Processes.tryRun(List.of(home.resolve("bin/stop").toString()), null);
        if (karaf.waitFor(60, TimeUnit.SECONDS)) {
            run.put("bin/stop -> process exit (ms)", ms(System.nanoTime() - stopping));
        } else {
            run.put("bin/stop -> process exit (ms)", "killed after 60 s");
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly();
            karaf.waitFor(10, TimeUnit.SECONDS);
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
