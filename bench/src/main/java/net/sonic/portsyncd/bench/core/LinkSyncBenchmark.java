package net.sonic.portsyncd.bench.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.bench.e2e.KernelLinks;
import net.sonic.portsyncd.bench.e2e.LinkDriver;
import net.sonic.portsyncd.bench.e2e.StartMilestones;
import net.sonic.portsyncd.core.LinkSync;
import net.sonic.portsyncd.core.SyncSettings;
import net.sonic.portsyncd.metrics.MetricsRegistry;
import net.sonic.portsyncd.netlink.CaptureSettings;
import net.sonic.portsyncd.netlink.LinkRequestSocket;
import net.sonic.portsyncd.netlink.NetlinkCapture;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RedisMonitor;
import net.sonic.portsyncd.testkit.RedisServer;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;

/**
 * The sync engine end to end, for N ports in a namespace of its own, against a private redis-server (unix socket),
 * a ConsumerStateTable popping APPL_DB as orchagent does and creating a veth per port as syncd does. Keyspace
 * notifications are the clock of the start-up, MONITOR (server time stamps) the clock of the event latency:
 * <ol>
 * <li>engine activation to PortConfigDone, to PortInitDone, and to all N STATE_DB rows;</li>
 * <li>event latency: an rtnetlink admin change (timestamped when the kernel's ack returns) to the STATE_DB HSET
 * that reflects it, over 2,000 changes made one every millisecond (isolated) and 2,000 made each as soon as the
 * write of the one before was seen (back to back); the kernel sends the event before its ack, so a write can land
 * before the ack is back and a latency can be negative;</li>
 * <li>a storm of 100,000 changes as fast as the kernel takes them: time until STATE_DB equals the kernel (admin
 * from IFF_UP, oper from IFF_RUNNING) and the ports that never do;</li>
 * <li>heap after a full GC and RSS of this JVM, CPU of the engine's threads per 10,000 link messages.</li>
 * </ol>
 *
 * <p>Run (as root): {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * net.sonic.portsyncd.bench.core.LinkSyncBenchmark [ports,...] [changes] [storm] [runs]}; with several runs it
 * ends with the median of each metric over them and its range.
 */
public final class LinkSyncBenchmark {
    private static final int WARMUP_CHANGES = 1_000;
    /** Spacing of the isolated changes: well apart, yet 2,000 of them take only seconds. */
    private static final Duration ISOLATION_PACE = Duration.ofMillis(1);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    private LinkSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {32, 128, 512};
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int storm = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        List<Map<Integer, Map<String, String>>> runs = new ArrayList<>();
        try (RedisServer redis = RedisServer.start()) {
            Path databaseConfig = redis.writeDatabaseConfig(redis.directory().resolve("database_config.json"), true);
            // a Karaf container has its classes loaded and compiled long before the engine bundle activates
            System.out.println("-- warm-up run (not reported)");
            new Run(redis, databaseConfig, 8).measure(WARMUP_CHANGES, 5_000);
            for (int repeat = 1; repeat <= repeats; repeat++) {
                Map<Integer, Map<String, String>> results = new LinkedHashMap<>();
                for (int ports : sizes) {
                    System.out.printf("-- run %d of %d, N=%d%n", repeat, repeats, ports);
                    results.put(ports, new Run(redis, databaseConfig, ports).measure(changes, storm));
                }
                System.out.printf("%nrun %d of %d (load average %s)%n", repeat, repeats, loadAverage());
                print(results);
                runs.add(results);
            }
        }
        if (repeats > 1) {
            System.out.printf("%nmedian over the %d runs [lowest .. highest]%n", repeats);
            print(acrossRuns(runs));
        }
    }

    /** Per metric and N, the median of the runs' values with their range; text values are taken from the last run. */
    private static Map<Integer, Map<String, String>> acrossRuns(List<Map<Integer, Map<String, String>>> runs) {
        Map<Integer, Map<String, String>> summary = new LinkedHashMap<>();
        runs.get(runs.size() - 1).forEach((ports, last) -> {
            Map<String, String> row = new LinkedHashMap<>();
            last.forEach((metric, lastValue) -> {
                double[] values = new double[runs.size()];
                try {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Double.parseDouble(runs.get(i).get(ports).get(metric));
                    }
                } catch (NumberFormatException notANumber) {
                    row.put(metric, lastValue);
                    return;
                }
                Arrays.sort(values);
                row.put(metric, String.format("%.3f [%.3f .. %.3f]", values[values.length / 2], values[0],
                        values[values.length - 1]));
            });
            summary.put(ports, row);
        });
        return summary;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void print(Map<Integer, Map<String, String>> results) {
        List<String> metrics = new ArrayList<>(results.values().iterator().next().keySet());
        int width = metrics.stream().mapToInt(String::length).max().orElse(10) + 2;
        int column = results.values().stream().flatMap(r -> r.values().stream()).mapToInt(String::length).max()
                .orElse(14) + 2;
        StringBuilder header = new StringBuilder(String.format("%-" + width + "s", "metric"));
        results.keySet().forEach(n -> header.append(String.format("| %-" + column + "s", "N=" + n)));
        System.out.println();
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (String metric : metrics) {
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", metric));
            results.values().forEach(r -> line.append(String.format("| %-" + column + "s", r.get(metric))));
            System.out.println(line);
        }
    }

    /** A STATE_DB PORT_TABLE HSET as MONITOR saw it, stamped with the server's clock. */
    private record RowWrite(long micros, String port, String admin) {
    }

    /** One admin change of one port. */
    private record Toggle(String port, boolean up) {
        String admin() {
            return up ? "up" : "down";
        }

        void make(LinkRequestSocket requests, Map<String, Integer> ifindexes) throws Exception {
            requests.setFlags(ifindexes.get(port), up ? LinkEvent.IFF_UP : 0, LinkEvent.IFF_UP);
        }
    }

    /** One measured run for one port count. */
    private static final class Run {
        private final RedisServer redis;
        private final Path databaseConfig;
        private final int portCount;
        private final List<String> ports = new ArrayList<>();
        private final Map<String, String> results = new LinkedHashMap<>();
        private final BlockingQueue<RowWrite> rowWrites = new LinkedBlockingQueue<>();
        /** Admin state the latency phases left each port in. */
        private final Map<String, Boolean> adminUp = new HashMap<>();
        private int nextToggle;

        Run(RedisServer redis, Path databaseConfig, int portCount) {
            this.redis = redis;
            this.databaseConfig = databaseConfig;
            this.portCount = portCount;
            for (int i = 0; i < portCount; i++) {
                ports.add("Ethernet" + i * 4);
            }
        }

        Map<String, String> measure(int changes, int storm) throws Exception {
            redis.command("FLUSHALL");
            try (NetNs ns = NetNs.create("corebench");
                    SonicDbClient db = SonicDbClient.open(databaseConfig, "", Duration.ofSeconds(5))) {
                seedConfigDb(db);
                MetricsRegistry metrics = new MetricsRegistry(Clock.systemUTC());
                List<LinkListener> listeners = new CopyOnWriteArrayList<>();
                try (WarmRestartManager lifecycle = WarmRestartManager.create(db, null, Duration.ofSeconds(10), metrics);
                        NetlinkCapture capture = NetlinkCapture.start(new CaptureSettings(ns.name(),
                                CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES), listeners, metrics);
                        OrchagentStandIn orchagent = OrchagentStandIn.creatingAtOnce(db, ns.name(),
                                OrchagentStandIn.HostInterfaces.VETH).start()) {
                    LinkSync sync;
                    StartMilestones milestones = new StartMilestones(portCount);
                    // keyspace notifications: lighter on Redis than MONITOR during the start-up burst
                    try (KeyspaceNotifications clock = KeyspaceNotifications.streaming(redis.host(), redis.port(),
                            "__keyspace@0__:_PORT_TABLE:Port*Done", "__keyspace@6__:PORT_TABLE|*")) {
                        clock.sendTo(milestones);
                        long activated = System.nanoTime();
                        sync = new LinkSync(db, capture, lifecycle, SyncSettings.defaults(), Clock.systemUTC());
                        sync.useMetrics(metrics);
                        listeners.add(sync);
                        sync.start();
                        startUp(milestones, activated);
                    }
                    try {
                        try (RedisMonitor monitor = new RedisMonitor(redis, this::seen)) {
                            Map<String, Integer> ifindexes = KernelLinks.ifindexes(ns);
                            metrics.reset();
                            report("isolated", isolatedLatency(ns, ifindexes, changes), metrics);
                            metrics.reset();
                            report("back to back", backToBackLatency(ns, ifindexes, changes), metrics);
                        }
                        storm(ns, db, capture, storm);
                        resources();
                    } finally {
                        sync.close();
                    }
                }
            }
            return results;
        }

        private void seedConfigDb(SonicDb db) {
            try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
                Batch batch = config.batch();
                for (int i = 0; i < portCount; i++) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("lanes", (4 * i) + "," + (4 * i + 1) + "," + (4 * i + 2) + "," + (4 * i + 3));
                    fields.put("alias", "etp" + (i + 1));
                    fields.put("speed", "100000");
                    fields.put("mtu", "9100");
                    fields.put("admin_status", "up");
                    batch.hset(config.info().key("PORT", ports.get(i)), fields);
                }
                batch.execute();
            }
        }

        /** Engine activation to the arrival of each milestone's keyspace notification. */
        private void startUp(StartMilestones milestones, long activatedNanos) throws InterruptedException {
            await(() -> milestones.portConfigDone() != 0 && milestones.portInitDone() != 0 && milestones.allRows() != 0,
                    "PortConfigDone, PortInitDone and all " + portCount + " STATE_DB rows");
            results.put("activation -> PortConfigDone (ms)", ms((milestones.portConfigDone() - activatedNanos) / 1_000));
            results.put("activation -> PortInitDone (ms)", ms((milestones.portInitDone() - activatedNanos) / 1_000));
            results.put("activation -> all N STATE_DB rows (ms)", ms((milestones.allRows() - activatedNanos) / 1_000));
        }

        /** MONITOR's view, reduced to the STATE_DB port row writes of an admin status, stamped by the server. */
        private void seen(MonitorLine command) {
            String admin = command.field("admin_status");
            if (command.name().equals("HSET") && command.args().size() > 1 && command.arg(1).startsWith("PORT_TABLE|")
                    && admin != null) {
                rowWrites.add(new RowWrite(command.micros(), command.arg(1).substring("PORT_TABLE|".length()), admin));
            }
        }

        /**
         * Admin toggles round robin over the ports, one every {@link #ISOLATION_PACE} whatever happens in Redis, as
         * link changes come on a switch; each is matched afterwards to the first STATE_DB write that reflects it.
         */
        private long[] isolatedLatency(NetNs ns, Map<String, Integer> ifindexes, int changes) throws Exception {
            rowWrites.clear();
            List<Toggle> plan = toggles(WARMUP_CHANGES + changes);
            long paceNanos = ISOLATION_PACE.toNanos();
            long[][] made = LinkDriver.inNamespace(ns.name(), requests -> {
                long[][] stamps = new long[2][plan.size()];
                long next = System.nanoTime();
                for (int i = 0; i < plan.size(); i++) {
                    next += paceNanos;
                    LockSupport.parkNanos(next - System.nanoTime());
                    stamps[0][i] = micros(Instant.now());
                    plan.get(i).make(requests, ifindexes);
                    stamps[1][i] = micros(Instant.now());
                }
                return stamps;
            });
            Map<String, List<RowWrite>> writesByPort = new HashMap<>();
            long[] latencies = new long[changes];
            for (int i = 0; i < plan.size(); i++) {
                RowWrite write = firstWrite(writesByPort, plan.get(i).port(), plan.get(i).admin(), made[0][i]);
                if (i >= WARMUP_CHANGES) {
                    latencies[i - WARMUP_CHANGES] = write.micros() - made[1][i];
                }
            }
            return latencies;
        }

        /** The first write of {@code port} with {@code admin} at or after {@code notBeforeMicros}, waiting for it. */
        private RowWrite firstWrite(Map<String, List<RowWrite>> writesByPort, String port, String admin,
                long notBeforeMicros) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (true) {
                for (RowWrite write : writesByPort.getOrDefault(port, List.of())) {
                    if (write.admin().equals(admin) && write.micros() >= notBeforeMicros) {
                        return write;
                    }
                }
                RowWrite arrived = rowWrites.poll(100, TimeUnit.MILLISECONDS);
                if (arrived != null) {
                    writesByPort.computeIfAbsent(arrived.port(), p -> new ArrayList<>()).add(arrived);
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no STATE_DB write of " + port + " admin " + admin);
                }
            }
        }

        /** Admin toggles round robin over the ports, each made as soon as the write of the one before is seen. */
        private long[] backToBackLatency(NetNs ns, Map<String, Integer> ifindexes, int changes) throws Exception {
            rowWrites.clear();
            List<Toggle> plan = toggles(WARMUP_CHANGES + changes);
            return LinkDriver.inNamespace(ns.name(), requests -> {
                long[] latencies = new long[changes];
                for (int i = 0; i < plan.size(); i++) {
                    long before = micros(Instant.now());
                    plan.get(i).make(requests, ifindexes);
                    long returned = micros(Instant.now());
                    RowWrite write = awaitRowWrite(plan.get(i).port(), plan.get(i).admin(), before);
                    if (i >= WARMUP_CHANGES) {
                        latencies[i - WARMUP_CHANGES] = write.micros() - returned;
                    }
                }
                return latencies;
            });
        }

        /** The next {@code count} admin toggles, round robin over the ports, each flipping the port's admin state. */
        private List<Toggle> toggles(int count) {
            List<Toggle> toggles = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String port = ports.get(nextToggle++ % portCount);
                boolean up = !adminUp.getOrDefault(port, false);
                adminUp.put(port, up);
                toggles.add(new Toggle(port, up));
            }
            return toggles;
        }

        /**
         * The kernel's view (change returned to STATE_DB HSET, MONITOR's clock) beside the engine's own
         * (datagram received to Redis reply read) over the same changes.
         */
        private void report(String kind, long[] samples, MetricsRegistry metrics) {
            Arrays.sort(samples);
            results.put("event latency, " + kind + ": median (ms)", ms(samples[samples.length / 2]));
            results.put("event latency, " + kind + ": p99 (ms)",
                    ms(samples[(int) Math.ceil(samples.length * 0.99) - 1]));
            results.put("event latency, " + kind + ": max (ms)", ms(samples[samples.length - 1]));
            HistogramSummary engine = metrics.snapshot().histograms().get(Histogram.EVENT_LATENCY);
            results.put("event latency, " + kind + ": engine receive -> reply median (ms)",
                    ms(engine.p50Nanos() / 1_000));
            results.put("event latency, " + kind + ": engine receive -> reply p99 (ms)", ms(engine.p99Nanos() / 1_000));
        }

        private RowWrite awaitRowWrite(String port, String admin, long notBeforeMicros) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                RowWrite write = rowWrites.poll(100, TimeUnit.MILLISECONDS);
                if (write != null && write.port().equals(port) && write.admin().equals(admin)
                        && write.micros() >= notBeforeMicros) {
                    return write;
                }
            }
            throw new IllegalStateException("no STATE_DB write of " + port + " admin " + admin);
        }

        private void storm(NetNs ns, SonicDb db, NetlinkCapture capture, int changes) throws Exception {
            Map<String, Integer> ifindexes = KernelLinks.ifindexes(ns);
            long eventsBefore = capture.statistics().linkEvents();
            long cpuBefore = engineCpuNanos();
            LinkDriver.Window window = LinkDriver.storm(ns.name(), ports, ifindexes, changes);
            long lastChange = window.ended();
            results.put("storm: changes made in (s)", String.format("%.2f", window.nanos() / 1e9));
            long adminConverged = -1;
            long converged = -1;
            List<String> stale = List.of();
            try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
                while (System.nanoTime() - lastChange < SETTLE_LIMIT.toNanos()) {
                    Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
                    Map<String, Map<String, String>> rows = KernelLinks.stateRows(state, ports);
                    List<String> adminStale = mismatches(kernel, rows, false);
                    stale = mismatches(kernel, rows, true);
                    long now = System.nanoTime();
                    if (adminStale.isEmpty() && adminConverged < 0) {
                        adminConverged = now;
                    }
                    if (stale.isEmpty()) {
                        converged = now;
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            }
            long cpu = engineCpuNanos() - cpuBefore;
            long events = capture.statistics().linkEvents() - eventsBefore;
            results.put("storm: admin converged after last change (s)", seconds(adminConverged, lastChange));
            results.put("storm: admin+oper converged after last change (s)", seconds(converged, lastChange));
            results.put("storm: ports never converged", Integer.toString(stale.size()));
            results.put("storm: link messages delivered", Long.toString(events));
            results.put("storm: overruns / resyncs", capture.statistics().overruns() + " / " + capture.statistics().resyncs());
            results.put("engine CPU per 10,000 messages (s)", String.format("%.3f", cpu / 1e9 / Math.max(1, events) * 10_000));
        }

        private void resources() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            results.put("JVM heap after full GC (MiB)", String.format("%.1f", heap / 1048576.0));
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    results.put("JVM RSS (MiB)", String.format("%.1f", kib / 1024.0));
                }
            }
        }

        private List<String> mismatches(Map<String, KernelLinks.Link> kernel, Map<String, Map<String, String>> rows,
                boolean withOper) {
            List<String> stale = new ArrayList<>();
            for (String port : ports) {
                KernelLinks.Link link = kernel.get(port);
                Map<String, String> row = rows.get(port);
                boolean admin = link != null && link.admin().equals(row.get("admin_status"));
                boolean oper = link != null && link.oper().equals(row.get("netdev_oper_status"));
                if (!admin || withOper && !oper) {
                    stale.add(port);
                }
            }
            return stale;
        }

        /** The engine's threads: the sync thread, the capture thread and the delivery thread. */
        private static long engineCpuNanos() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long total = 0;
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                String name = info.getThreadName();
                if (name.startsWith("portsyncd-sync") || name.startsWith("netlink-capture")
                        || name.startsWith("netlink-delivery")) {
                    total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return total;
        }

        private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (!condition.get()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + what);
                }
                TimeUnit.MICROSECONDS.sleep(200);
            }
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static String ms(long micros) {
        return String.format("%.3f", micros / 1000.0);
    }

    private static String seconds(long atNanos, long fromNanos) {
        return atNanos < 0 ? "never" : String.format("%.3f", (atNanos - fromNanos) / 1e9);
    }
}
