package net.sonic.portsyncd.bench.e2e;

import static net.sonic.portsyncd.bench.e2e.Samples.ms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.bench.ConfigPorts;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RedisServer;

/** Every end-to-end measurement for one port count, in a namespace and a state directory of its own. */
final class PortCountRun {
    private static final int WARMUP_CHANGES = 500;
    private static final Duration STEP_LIMIT = Duration.ofSeconds(120);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
    private static final Duration LINKWATCH_SETTLE = Duration.ofMillis(2_500);
    private static final String STATE_PORT_PREFIX = "PORT_TABLE|";
    private static final List<String> ENGINE_THREAD_PREFIXES = List.of("portsyncd-", "netlink-");

    private final RedisServer redis;
    private final Path databaseConfig;
    private final int portCount;
    private final List<String> ports = new ArrayList<>();
    private final Map<String, Object> results = new LinkedHashMap<>();

    PortCountRun(RedisServer redis, Path databaseConfig, int portCount) {
        this.redis = redis;
        this.databaseConfig = databaseConfig;
        this.portCount = portCount;
        for (int i = 0; i < portCount; i++) {
            ports.add(ConfigPorts.name(i));
        }
    }

    /**
     * {@code coldStarts} cold starts, each in a fresh namespace on a flushed Redis (the start-up milestones are
     * reported as median and maximum over them); the last one goes on with the other measurements.
     */
    Map<String, Object> measure(int coldStarts, int changes, int storm, int hotSwaps, int resumeRounds)
            throws Exception {
        long[][] milestones = new long[4][coldStarts];
        for (int run = 0; run < coldStarts; run++) {
            boolean last = run == coldStarts - 1;
            long[] startUp = coldStart(last ? new Phases(changes, storm, hotSwaps, resumeRounds) : null);
            for (int m = 0; m < milestones.length; m++) {
                milestones[m][run] = startUp[m];
            }
        }
        String[] names = {E2eMetrics.TO_PORT_CONFIG_DONE, E2eMetrics.TO_PORT_INIT_DONE, E2eMetrics.TO_ALL_ROWS,
            E2eMetrics.LAST_NETDEV_TO_ALL_ROWS};
        Map<String, Object> published = new LinkedHashMap<>();
        published.put(E2eMetrics.PORTS, portCount);
        published.put("cold starts", coldStarts);
        for (int m = 0; m < milestones.length; m++) {
            Samples samples = new Samples(milestones[m]);
            published.put(names[m], ms(samples.percentile(50)));
            published.put(names[m].replace("(ms)", "max (ms)"), ms(samples.max()));
        }
        published.putAll(results);
        return published;
    }

    /** What the last cold start of a port count goes on to measure. */
    private record Phases(int changes, int storm, int hotSwaps, int resumeRounds) {
    }

    /**
     * One cold start: activation to PortConfigDone, to PortInitDone, to all rows, and the last port's netdev
     * notification to all rows (nanoseconds); then the phases.
     */
    private long[] coldStart(Phases phases) throws Exception {
        redis.command("FLUSHALL");
        Path stateDirectory = Files.createTempDirectory("bench-state-");
        try (NetNs ns = NetNs.create("e2e");
                SonicDbClient client = SonicDbClient.open(databaseConfig, "", Duration.ofSeconds(5));
                DbConnection state = client.connect(SonicDb.STATE_DB);
                KeyspaceNotifications clock = keyspaceClock(redis);
                OrchagentStandIn orchagent = OrchagentStandIn.likeOrchagent(client, ns.name(), line -> { })) {
            ConfigPorts.seed(client, portCount);
            try (Engine engine = new Engine(databaseConfig, ns.name(), stateDirectory)) {
                long[] startUp = startUp(engine, clock, orchagent::start);
                if (phases != null) {
                    Map<String, Integer> ifindexes = KernelLinks.ifindexes(ns);
                    latency(engine, clock, ns, ifindexes, phases.changes());
                    storm(engine, ns, state, ifindexes, phases.storm());
                    resources();
                    if (phases.hotSwaps() > 0) {
                        hotSwap(engine, clock, ns, state, phases.hotSwaps());
                    }
                    if (phases.resumeRounds() > 0) {
                        try (ResumeAfterRestart restarts = new ResumeAfterRestart(engine, databaseConfig, ns, state,
                                clock, ports, stateDirectory)) {
                            results.putAll(restarts.measure(phases.resumeRounds()));
                        }
                    }
                }
                return startUp;
            }
        } finally {
            deleteTree(stateDirectory);
        }
    }

    /**
     * Another SONiC daemon's view of the writes, on a connection of its own: the producer's PortConfigDone and
     * PortInitDone in APPL_DB and everything in STATE_DB, stamped on arrival.
     */
    static KeyspaceNotifications keyspaceClock(RedisServer redis) {
        return KeyspaceNotifications.streaming(redis.host(), redis.port(), "__keyspace@0__:_PORT_TABLE:Port*Done",
                "__keyspace@6__:*");
    }

    /**
     * Activation of the engine (the rest of the container is up) to the start-up milestones. The stand-in starts
     * popping APPL_DB (and so creating netdevs) once the engine follows netlink, as syncd creates host interfaces
     * long after portsyncd started: like the reference, the engine treats Ethernet netdevs that exist when it
     * starts as stale and ignores them.
     */
    private long[] startUp(Engine engine, KeyspaceNotifications clock, Runnable startOrchagent) {
        StartMilestones milestones = new StartMilestones(portCount);
        clock.sendTo(milestones);
        Set<String> netdevs = ConcurrentHashMap.newKeySet();
        AtomicLong lastNetdev = new AtomicLong();
        LinkListener netdevWatch = batch -> batch.forEach(event -> {
            if (event.type() == LinkMessageType.NEW_LINK && event.name().startsWith("Ethernet") && netdevs.add(event.name())
                    && netdevs.size() == portCount) {
                lastNetdev.set(event.receivedNanos());
            }
        });
        engine.observe(netdevWatch);
        long activated = System.nanoTime();
        engine.activateSync();
        await(() -> engine.sync().status().running(), () -> "the engine did not finish its start-up");
        startOrchagent.run();
        await(() -> milestones.portConfigDone() != 0 && milestones.portInitDone() != 0 && milestones.allRows() != 0
                && lastNetdev.get() != 0, () -> "start-up milestones: PortConfigDone "
                        + (milestones.portConfigDone() != 0) + ", PortInitDone " + (milestones.portInitDone() != 0)
                        + ", STATE_DB rows " + milestones.rowsSeen() + "/" + portCount);
        clock.discard();
        engine.stopObserving(netdevWatch);
        return new long[] {milestones.portConfigDone() - activated, milestones.portInitDone() - activated,
            milestones.allRows() - activated, milestones.allRows() - lastNetdev.get()};
    }

    /**
     * Admin toggles round robin over the ports, one at a time: each waits for the separate client to see the
     * port's STATE_DB write before the next change is made.
     */
    private void latency(Engine engine, KeyspaceNotifications clock, NetNs ns, Map<String, Integer> ifindexes, int changes)
            throws Exception {
        BlockingQueue<KeyspaceNotifications.Event> writes = new LinkedBlockingQueue<>();
        clock.sendTo(event -> {
            if (event.db() == 6 && "hset".equals(event.op()) && event.key().startsWith(STATE_PORT_PREFIX)) {
                writes.add(event);
            }
        });
        Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
        boolean[] adminUp = new boolean[portCount];
        for (int i = 0; i < portCount; i++) {
            adminUp[i] = kernel.get(ports.get(i)).adminUp();
        }
        long[] fromAck = new long[changes];
        long[] fromRequest = new long[changes];
        long[] engineCpu = new long[2];
        long[] events = new long[2];
        LinkDriver.inNamespace(ns.name(), requests -> {
            for (int i = -WARMUP_CHANGES; i < changes; i++) {
                if (i == 0) {
                    engine.metrics.reset();
                    engineCpu[0] = engineCpuNanos();
                    events[0] = engine.capture.statistics().linkEvents();
                }
                int index = Math.floorMod(i, portCount);
                String port = ports.get(index);
                adminUp[index] = !adminUp[index];
                long before = System.nanoTime();
                requests.setFlags(ifindexes.get(port), adminUp[index] ? LinkEvent.IFF_UP : 0, LinkEvent.IFF_UP);
                long acknowledged = System.nanoTime();
                KeyspaceNotifications.Event write = awaitWrite(writes, STATE_PORT_PREFIX + port, before);
                if (i >= 0) {
                    fromAck[i] = write.nanos() - acknowledged;
                    fromRequest[i] = write.nanos() - before;
                }
            }
            engineCpu[1] = engineCpuNanos();
            events[1] = engine.capture.statistics().linkEvents();
            return null;
        });
        clock.discard();
        Samples seen = new Samples(fromAck);
        results.put(E2eMetrics.LATENCY_MEDIAN, ms(seen.percentile(50)));
        results.put(E2eMetrics.LATENCY_P99, ms(seen.percentile(99)));
        results.put(E2eMetrics.LATENCY_MAX, ms(seen.max()));
        results.put("kernel ack -> keyspace event, share seen before the ack (%)",
                Math.round(Arrays.stream(fromAck).filter(nanos -> nanos < 0).count() * 1000.0 / changes) / 10.0);
        Samples fromSend = new Samples(fromRequest);
        results.put(E2eMetrics.REQUEST_MEDIAN, ms(fromSend.percentile(50)));
        results.put(E2eMetrics.REQUEST_P99, ms(fromSend.percentile(99)));
        results.put(E2eMetrics.REQUEST_MAX, ms(fromSend.max()));
        HistogramSummary engineSide = engine.metrics.snapshot().histogram(Histogram.EVENT_LATENCY);
        results.put(E2eMetrics.ENGINE_MEDIAN, ms(engineSide.p50Nanos()));
        results.put(E2eMetrics.ENGINE_P99, ms(engineSide.p99Nanos()));
        results.put(E2eMetrics.ENGINE_MAX, ms(engineSide.maxNanos()));
        results.put(E2eMetrics.CPU_ONE_BY_ONE, cpuPer10k(engineCpu[1] - engineCpu[0], events[1] - events[0]));
        results.put(E2eMetrics.LATENCY_CURVE, fromSend.curveMicros());
    }

    private static KeyspaceNotifications.Event awaitWrite(BlockingQueue<KeyspaceNotifications.Event> writes, String key, long notBeforeNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            KeyspaceNotifications.Event event = writes.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.key().equals(key) && event.nanos() - notBeforeNanos >= 0) {
                return event;
            }
        }
        throw new IllegalStateException("no STATE_DB write of " + key + " within 10 s of the kernel change");
    }

    /** Changes as fast as the kernel acknowledges them, then the time until STATE_DB equals the kernel. */
    private void storm(Engine engine, NetNs ns, DbConnection state, Map<String, Integer> ifindexes, int changes)
            throws Exception {
        CaptureStatistics captureBefore = engine.capture.statistics();
        MetricsSnapshot metricsBefore = engine.metrics.snapshot();
        long cpuBefore = engineCpuNanos();
        LinkDriver.Window window = LinkDriver.storm(ns.name(), ports, ifindexes, changes);
        long lastChange = window.ended();
        long firstEqual = awaitEqual(ns, state, lastChange);
        // linkwatch reports carrier and operstate changes up to a second after the last change: look again after it
        long linkwatchDone = lastChange + LINKWATCH_SETTLE.toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, linkwatchDone - System.nanoTime()));
        List<String> staleAfterLinkwatch = stalePorts(KernelLinks.read(ns), rows(state));
        long converged = staleAfterLinkwatch.isEmpty() ? firstEqual : awaitEqual(ns, state, lastChange);
        List<String> stale = stalePorts(KernelLinks.read(ns), rows(state));
        if (!staleAfterLinkwatch.isEmpty()) {
            System.out.println("  stale " + LINKWATCH_SETTLE.toMillis() + " ms after the storm: " + describe(staleAfterLinkwatch, ns, state));
        }
        long cpu = engineCpuNanos() - cpuBefore;
        CaptureStatistics captureAfter = engine.capture.statistics();
        MetricsSnapshot metricsAfter = engine.metrics.snapshot();
        long events = captureAfter.linkEvents() - captureBefore.linkEvents();
        results.put(E2eMetrics.STORM_SECONDS, round3(window.nanos() / 1e9));
        results.put("storm: kernel changes per second", Math.round(changes / (window.nanos() / 1e9)));
        results.put("storm: first equal to the kernel after last change (s)",
                firstEqual < 0 ? "never" : (Object) round3((firstEqual - lastChange) / 1e9));
        results.put("storm: ports stale once linkwatch settled (" + LINKWATCH_SETTLE.toMillis() + " ms)",
                staleAfterLinkwatch.size());
        results.put(E2eMetrics.STORM_CONVERGED, converged < 0 ? "never" : (Object) round3((converged - lastChange) / 1e9));
        results.put(E2eMetrics.STORM_STALE, stale.size());
        results.put("storm: link messages delivered", events);
        results.put("storm: overruns / resyncs", (captureAfter.overruns() - captureBefore.overruns()) + " / "
                + (captureAfter.resyncs() - captureBefore.resyncs()));
        results.put("storm: STATE_DB writes", metricsAfter.counter(Counter.STATE_DB_WRITES)
                - metricsBefore.counter(Counter.STATE_DB_WRITES));
        results.put("storm: coalesced updates", metricsAfter.counter(Counter.COALESCED_UPDATES)
                - metricsBefore.counter(Counter.COALESCED_UPDATES));
        results.put(E2eMetrics.CPU_STORM, cpuPer10k(cpu, events));
    }

    /** Polls until STATE_DB equals the kernel; the instant it first does, or -1 at the settle limit. */
    private long awaitEqual(NetNs ns, DbConnection state, long since) throws InterruptedException {
        while (System.nanoTime() - since < SETTLE_LIMIT.toNanos()) {
            if (stalePorts(KernelLinks.read(ns), rows(state)).isEmpty()) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        return -1;
    }

    private String describe(List<String> stale, NetNs ns, DbConnection state) {
        Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
        Map<String, Map<String, String>> rows = rows(state);
        return stale.stream().limit(3).map(port -> port + " kernel admin/oper " + kernel.get(port).admin() + "/"
                + kernel.get(port).oper() + ", STATE_DB " + rows.get(port)).toList() + (stale.size() > 3 ? " ..." : "");
    }

    private Map<String, Map<String, String>> rows(DbConnection state) {
        return KernelLinks.stateRows(state, ports);
    }

    private List<String> stalePorts(Map<String, KernelLinks.Link> kernel, Map<String, Map<String, String>> rows) {
        return KernelLinks.stalePorts(ports, kernel, rows);
    }

    /** The whole benchmark JVM: the engine, but also the harness (its Redis clients, the stand-in). */
    private void resources() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        results.put(E2eMetrics.HEAP, round3(heap / 1048576.0));
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                results.put(E2eMetrics.RSS, round3(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        results.put("threads, JVM / engine", threads.getThreadCount() + " / " + engineThreads().size());
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            results.put("file descriptors, JVM", fds.count());
        }
    }

    /**
     * Deactivation and activation of the engine as a bundle update does, the rest of the container staying up;
     * the writes it causes are counted from keyspace notifications, up to a marker written after the
     * reconciliation (notifications arrive in order on one connection).
     */
    private void hotSwap(Engine engine, KeyspaceNotifications clock, NetNs ns, DbConnection state, int repeats)
            throws Exception {
        long[] stopNanos = new long[repeats];
        long[] reconcileNanos = new long[repeats];
        List<Long> portWrites = new ArrayList<>();
        List<Integer> engineWrites = new ArrayList<>();
        List<List<String>> rowsChanged = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            StateWrites writes = new StateWrites();
            clock.sendTo(writes);
            Map<String, Map<String, String>> rowsBefore = rows(state);
            TimedLifecycle.Reconciliation previous = engine.lifecycle.lastReconciliation();
            long stopping = System.nanoTime();
            engine.deactivateSync();
            long activated = System.nanoTime();
            engine.activateSync();
            await(() -> engine.lifecycle.lastReconciliation() != previous, () -> "no reconciliation after the hot swap");
            TimedLifecycle.Reconciliation reconciliation = engine.lifecycle.lastReconciliation();
            StartDecision decision = engine.lifecycle.lastDecision().orElseThrow();
            if (!decision.hotSwap()) {
                throw new IllegalStateException("the engine did not restart as a hot swap: " + decision);
            }
            writes.closeWithMarker(state);
            clock.discard();
            stopNanos[r] = activated - stopping;
            reconcileNanos[r] = reconciliation.nanos() - activated;
            portWrites.add(writes.total());
            Map<String, Map<String, String>> rowsAfter = rows(state);
            rowsChanged.add(ports.stream().filter(port -> !rowsBefore.get(port).equals(rowsAfter.get(port)))
                    .map(port -> port + " " + rowsBefore.get(port) + " -> " + rowsAfter.get(port)).toList());
            engineWrites.add(reconciliation.written() + reconciliation.deleted());
        }
        List<String> stale = stalePorts(KernelLinks.read(ns), rows(state));
        results.put("hot swap: repeats", repeats);
        results.put("hot swap: deactivation, median (ms)", ms(new Samples(stopNanos).percentile(50)));
        results.put(E2eMetrics.HOT_SWAP_RECONCILED, ms(new Samples(reconcileNanos).percentile(50)));
        results.put("hot swap: activation -> reconciled, max (ms)", ms(new Samples(reconcileNanos).max()));
        results.put(E2eMetrics.HOT_SWAP_WRITES, portWrites.stream().mapToLong(Long::longValue).sum());
        results.put("hot swap: STATE_DB PORT_TABLE writes, per swap", portWrites.toString());
        results.put("hot swap: rows written or deleted, engine's count per swap", engineWrites.toString());
        results.put("hot swap: ports stale afterwards", stale.size());
        results.put("hot swap: rows whose content changed, per swap",
                rowsChanged.stream().map(List::size).toList().toString());
        rowsChanged.stream().flatMap(List::stream).limit(5).forEach(change -> System.out.println("  changed by a hot swap: " + change));
    }

    private static List<Thread> engineThreads() {
        List<Thread> engine = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (ENGINE_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith)) {
                engine.add(thread);
            }
        }
        return engine;
    }

    /** CPU time of the engine's own threads (capture, delivery, sync, state save). */
    private static long engineCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : engineThreads()) {
            total += Math.max(0, mx.getThreadCpuTime(thread.getId()));
        }
        return total;
    }

    private static double cpuPer10k(long cpuNanos, long events) {
        return round3(cpuNanos / 1e9 / Math.max(1, events) * 10_000);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + STEP_LIMIT.toSeconds() + " s: " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
