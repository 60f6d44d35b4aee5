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
import net.sonic.portsyncd.bench.ConfigPorts;
import net.sonic.portsyncd.bench.report.CxxReference;
import net.sonic.portsyncd.bench.report.Machine;
import net.sonic.portsyncd.bench.report.Results;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;

/**
 * The real container, started as a service manager starts it ({@code bin/karaf server}) and timed from the process
 * spawn, as the reference is: for each N, the assembly is unpacked once, configured for a private redis-server and
 * a network namespace, and started {@code --starts} times (Redis flushed and CONFIG_DB seeded with N ports, the
 * namespace emptied, the orchagent stand-in popping APPL_DB and creating the taps). The first start fills the
 * bundle cache; the later ones start from it, as every start of an installed container but its first does, and
 * are summarised as median and range. Each start records spawn → PortConfigDone, PortInitDone and all N STATE_DB
 * rows and the JVM's CPU time then; then the moment the JVM went idle (the rest of Karaf started: SSH, shell, JMX)
 * and its RSS, threads and CPU time there; then (with {@code --changes}) the kernel change → STATE_DB write latency
 * of {@link IpToStateDbLatency} and the RSS after it; then {@code bin/stop}.
 *
 * <p>Several assemblies can be compared: {@code --assembly base=a.tar.gz,lean=b.tar.gz} starts them in turn (start
 * 1 of each, then start 2 of each, ...), so that a change of the machine's load hits every variant alike.
 *
 * <p>Options: {@code --assembly karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz --ports 32,512 --starts 6
 * --changes 1000 --out bench/results/container.json}; {@code --keep true} keeps the unpacked assemblies and their
 * logs, {@code --thread-cpu true} records the CPU time of the JVM's busiest threads at start-up.
 */
public final class ContainerStartBenchmark {
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration ROWS_LIMIT = Duration.ofSeconds(30);
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(1);
    private static final Duration IDLE_STEP = Duration.ofMillis(50);
    private static final String DISTRIBUTION = "portsyncd-karaf-1.0.0";
    private static final String EVENT_PORT = "Ethernet0";
    private static final List<String> SUMMARISED = List.of(ContainerMetrics.TO_PORT_CONFIG_DONE,
            ContainerMetrics.TO_PORT_INIT_DONE, ContainerMetrics.TO_ALL_ROWS, ContainerMetrics.TO_IDLE,
            ContainerMetrics.RSS, ContainerMetrics.RSS_AFTER_EVENTS, ContainerMetrics.CPU, ContainerMetrics.CPU_TO_IDLE,
            ContainerMetrics.EVENT_MEDIAN,
            ContainerMetrics.EVENT_P99, ContainerMetrics.EVENT_MAX, ContainerMetrics.EVENT_FROM_SPAWN_MEDIAN,
            ContainerMetrics.EVENT_FROM_SPAWN_P99, ContainerMetrics.EVENT_MISSED, ContainerMetrics.STOP,
            ContainerMetrics.THREADS);

    private final RedisServer redis;
    private final NetNs ns;
    private final KeyspaceNotifications clock;
    private final SonicDbClient client;
    private final int changes;
    private final boolean threadCpu;

    private ContainerStartBenchmark(RedisServer redis, NetNs ns, KeyspaceNotifications clock, SonicDbClient client,
            int changes, boolean threadCpu) {
        this.redis = redis;
        this.ns = ns;
        this.clock = clock;
        this.client = client;
        this.changes = changes;
        this.threadCpu = threadCpu;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the keyspace client is a plain RESP2 subscriber; Jedis warns about that on every connection
        System.setProperty("org.slf4j.simpleLogger.log.redis.clients.jedis.Jedis", "error");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Map<String, Path> assemblies = assemblies(options.getOrDefault("assembly",
                "karaf-assembly/target/" + DISTRIBUTION + ".tar.gz"));
        int[] sizes = Arrays.stream(options.getOrDefault("ports", "32,512").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int starts = Integer.parseInt(options.getOrDefault("starts", "6"));
        int changes = Integer.parseInt(options.getOrDefault("changes", "1000"));
        Path out = Path.of(options.getOrDefault("out", "bench/results/container.json"));
        if (starts < 2) {
            throw new IllegalArgumentException("--starts must be at least 2: the first start fills the bundle cache");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        List<Map<String, Object>> runs = new ArrayList<>();
        results.put("runs", runs);
        Path work = Files.createTempDirectory("bench-karaf-");
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("karaf");
                SonicDbClient client = SonicDbClient.open(redis.writeDatabaseConfig(work.resolve("database_config.json"),
                        true), "", Duration.ofSeconds(5));
                KeyspaceNotifications clock = PortCountRun.keyspaceClock(redis)) {
            ContainerStartBenchmark benchmark = new ContainerStartBenchmark(redis, ns, clock, client, changes,
                    Boolean.parseBoolean(options.getOrDefault("thread-cpu", "false")));
            for (int ports : sizes) {
                runs.addAll(benchmark.measure(assemblies, work, ports, starts));
                Results.write(out, results);
            }
        } catch (Exception | AssertionError e) {
            System.out.println("container run failed; its files are kept in " + work);
            throw e;
        }
        if (Boolean.parseBoolean(options.getOrDefault("keep", "false"))) {
            System.out.println("the unpacked assemblies and their logs are kept in " + work);
        } else {
            deleteTree(work);
        }
        results.put("load_average_at_end", Machine.loadAverage());
        Results.write(out, results);
        Results.printTable("portsyncd in the Karaf container: process spawn to the start-up milestones, "
                        + (starts - 1) + " warm starts and the first",
                runs.stream().map(ContainerStartBenchmark::column).toList(), runs);
        System.out.printf("the C++ reference beside it on one machine: spawn -> PortConfigDone %s ms, RSS %.1f MiB,"
                + " ip exit -> STATE_DB HSET p99 %.1f to %.1f ms%n", CxxReference.SIDE_BY_SIDE_SPAWN_TO_PORT_CONFIG_DONE_MS,
                CxxReference.RSS_MIB, CxxReference.SIDE_BY_SIDE_EVENT_P99_LOW_MS,
                CxxReference.SIDE_BY_SIDE_EVENT_P99_HIGH_MS);
    }

    /** {@code path} or {@code label=path,label=path}; one label per assembly. */
    private static Map<String, Path> assemblies(String option) {
        Map<String, Path> assemblies = new LinkedHashMap<>();
        for (String entry : option.split(",")) {
            int equals = entry.indexOf('=');
            String label = equals < 0 ? "assembly" : entry.substring(0, equals);
            Path tarball = Path.of(entry.substring(equals + 1)).toAbsolutePath();
            if (!Files.isRegularFile(tarball) || !tarball.getFileName().toString().equals(DISTRIBUTION + ".tar.gz")) {
                throw new IllegalStateException("no Karaf assembly " + DISTRIBUTION + ".tar.gz at " + tarball
                        + ": build karaf-assembly first");
            }
            if (assemblies.put(label, tarball) != null) {
                throw new IllegalArgumentException("assembly label " + label + " given twice");
            }
        }
        return assemblies;
    }

    private static String column(Map<String, Object> run) {
        return run.get(ContainerMetrics.VARIANT) + " N=" + run.get(E2eMetrics.PORTS);
    }

    /** Every assembly unpacked once for this N, then started {@code starts} times, the assemblies in turn. */
    private List<Map<String, Object>> measure(Map<String, Path> assemblies, Path work, int ports, int starts)
            throws Exception {
        Map<String, KarafInstance> installed = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> byAssembly = new LinkedHashMap<>();
        for (Map.Entry<String, Path> assembly : assemblies.entrySet()) {
            Path home = Files.createDirectories(work.resolve(assembly.getKey() + "-" + ports));
            installed.put(assembly.getKey(), KarafInstance.unpack(assembly.getValue(), home,
                    work.resolve("database_config.json"), ns.name(), home.resolve("state")));
            byAssembly.put(assembly.getKey(), new ArrayList<>());
        }
        try {
            for (int start = 1; start <= starts; start++) {
                for (Map.Entry<String, KarafInstance> karaf : installed.entrySet()) {
                    System.out.printf("-- %s, N=%d, start %d of %d (load average %s)%n", karaf.getKey(), ports, start,
                            starts, Machine.loadAverage());
                    Map<String, Object> result = startOnce(karaf.getValue(), ports);
                    System.out.println("   " + result);
                    byAssembly.get(karaf.getKey()).add(result);
                }
            }
        } finally {
            for (KarafInstance karaf : installed.values()) {
                karaf.close();
            }
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        byAssembly.forEach((label, results) -> runs.add(summary(label, ports, results)));
        return runs;
    }

    private Map<String, Object> startOnce(KarafInstance karaf, int ports) throws Exception {
        redis.command("FLUSHALL");
        ConfigPorts.seed(client, ports);
        ns.deleteNamespace();
        ns.recreate();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put(ContainerMetrics.LOAD, Double.parseDouble(Machine.loadAverage().split(" ")[0]));
        OrchagentStandIn orchagent = OrchagentStandIn.likeOrchagent(client, ns.name(), line -> { }).start();
        StartMilestones milestones = new StartMilestones(ports);
        clock.sendTo(milestones);
        long spawned = System.nanoTime();
        // to line the container's log up with the spawn
        run.put(ContainerMetrics.SPAWNED_AT, java.time.Instant.now().toString());
        karaf.start();
        try {
            Poll.until(START_LIMIT, () -> milestones.portConfigDone() != 0 && milestones.portInitDone() != 0
                            || !karaf.isRunning(),
                    () -> "PortConfigDone and PortInitDone from the container; see " + karaf.logDirectory());
            if (!karaf.isRunning()) {
                throw new IllegalStateException("the container exited; see " + karaf.home());
            }
            run.put(ContainerMetrics.TO_PORT_CONFIG_DONE, ms(milestones.portConfigDone() - spawned));
            run.put(ContainerMetrics.TO_PORT_INIT_DONE, ms(milestones.portInitDone() - spawned));
            awaitRows(milestones);
            // the stand-in creates netdevs as soon as it pops PortConfigDone; like the reference, the engine
            // ignores Ethernet netdevs that already exist when it takes its snapshot of them (a race it can lose)
            if (milestones.allRows() == 0) {
                throw new IllegalStateException("only " + milestones.rowsSeen() + " of " + ports
                        + " STATE_DB rows after " + ROWS_LIMIT.toSeconds() + " s; see " + karaf.logDirectory());
            }
            run.put(ContainerMetrics.TO_ALL_ROWS, ms(milestones.allRows() - spawned));
            ProcessHandle jvm = karaf.jvm().orElseThrow(() -> new IllegalStateException("no container JVM"));
            run.put(ContainerMetrics.CPU, cpuSeconds(jvm));
            // the rest of Karaf (SSH, shell, JMX) may still be starting: footprint and changes once it is done
            long idle = awaitIdle(jvm);
            run.put(ContainerMetrics.TO_IDLE, idle == 0 ? "not idle after " + IDLE_LIMIT.toSeconds() + " s"
                    : ms(idle - spawned));
            run.put(ContainerMetrics.CPU_TO_IDLE, cpuSeconds(jvm));
            run.put(ContainerMetrics.RSS, rssMib(jvm));
            run.put(ContainerMetrics.THREADS, threads(jvm));
            if (threadCpu) {
                run.put(ContainerMetrics.CPU_BY_THREAD, cpuByThread(jvm));
                // the breakdown of the RSS when the assembly runs with -XX:NativeMemoryTracking=summary
                System.out.println(Processes.tryRun(List.of("jcmd", Long.toString(jvm.pid()), "VM.native_memory",
                        "summary"), null).output());
            }
            clock.discard();
            if (changes > 0) {
                run.putAll(new IpToStateDbLatency(redis, ns.name()).measure(EVENT_PORT, changes));
                run.put(ContainerMetrics.RSS_AFTER_EVENTS, rssMib(jvm));
            }
        } finally {
            clock.discard();
            long stopMillis = karaf.stop();
            run.put(ContainerMetrics.STOP, stopMillis < 0 ? "killed after 60 s" : stopMillis);
            orchagent.close();
        }
        return run;
    }

    /** The first start as it is, the later (warm) ones as median and range of each metric. */
    private static Map<String, Object> summary(String label, int ports, List<Map<String, Object>> starts) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(ContainerMetrics.VARIANT, label);
        summary.put(E2eMetrics.PORTS, ports);
        List<Map<String, Object>> warm = starts.subList(1, starts.size());
        summary.put("warm starts", warm.size());
        summary.put(ContainerMetrics.WARM_RANGE + ContainerMetrics.LOAD, range(warm, ContainerMetrics.LOAD));
        for (String metric : SUMMARISED) {
            double[] values = numbers(warm, metric);
            if (values.length == 0) {
                continue;
            }
            summary.put(ContainerMetrics.WARM_MEDIAN + metric, median(values));
            summary.put(ContainerMetrics.WARM_RANGE + metric, range(warm, metric));
        }
        for (String metric : SUMMARISED) {
            Object first = starts.get(0).get(metric);
            if (first != null) {
                summary.put(ContainerMetrics.FIRST + metric, first);
            }
        }
        summary.put(ContainerMetrics.FIRST + ContainerMetrics.LOAD, starts.get(0).get(ContainerMetrics.LOAD));
        summary.put("starts", starts);
        return summary;
    }

    private static double[] numbers(List<Map<String, Object>> starts, String metric) {
        return starts.stream().map(start -> start.get(metric)).filter(Number.class::isInstance)
                .mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.round(median * 1000) / 1000.0;
    }

    private static String range(List<Map<String, Object>> starts, String metric) {
        double[] values = numbers(starts, metric);
        return values.length == 0 ? "-" : number(values[0]) + " .. " + number(values[values.length - 1]);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void awaitRows(StartMilestones milestones) throws InterruptedException {
        long deadline = System.nanoTime() + ROWS_LIMIT.toNanos();
        while (milestones.allRows() == 0 && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Waits until the JVM has used at most 3 % of a CPU over a whole second (its periodic work, a probe a second,
     * is far below that) and returns when that second began, or 0 when it did not happen within the limit.
     */
    private static long awaitIdle(ProcessHandle jvm) throws IOException, InterruptedException {
        List<long[]> samples = new ArrayList<>();
        long deadline = System.nanoTime() + IDLE_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            long now = System.nanoTime();
            long cpuMillis = Math.round(cpuSeconds(jvm) * 1000);
            samples.add(new long[] {now, cpuMillis});
            int base = -1;
            for (int i = 0; i < samples.size(); i++) {
                if (now - samples.get(i)[0] >= IDLE_WINDOW.toNanos()) {
                    base = i;
                }
            }
            if (base >= 0) {
                if (cpuMillis - samples.get(base)[1] <= IDLE_WINDOW.toMillis() * 3 / 100) {
                    return samples.get(base)[0];
                }
                samples.subList(0, base).clear();
            }
            TimeUnit.NANOSECONDS.sleep(IDLE_STEP.toNanos());
        }
        return 0;
    }

    private static double rssMib(ProcessHandle jvm) throws IOException {
        return Math.round(Long.parseLong(status(jvm, "VmRSS:")) / 102.4) / 10.0;
    }

    private static int threads(ProcessHandle jvm) throws IOException {
        return Integer.parseInt(status(jvm, "Threads:"));
    }

    private static String status(ProcessHandle jvm, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
            if (line.startsWith(field)) {
                return line.replaceAll("[^0-9]", "");
            }
        }
        throw new IOException("no " + field + " in /proc/" + jvm.pid() + "/status");
    }

    private static double cpuSeconds(ProcessHandle jvm) throws IOException {
        List<String> stat = Arrays.asList(Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "stat"))
                .replaceFirst("^.*\\) ", "").split(" "));
        return (Long.parseLong(stat.get(11)) + Long.parseLong(stat.get(12))) / 100.0;
    }

    /** CPU seconds of the JVM's threads by name (numbers folded: "C2 CompilerThread#"), the busiest first. */
    private static Map<String, Double> cpuByThread(ProcessHandle jvm) throws IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(jvm.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(entry -> seconds.put(entry.getKey(), entry.getValue() / 100.0));
        return seconds;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
