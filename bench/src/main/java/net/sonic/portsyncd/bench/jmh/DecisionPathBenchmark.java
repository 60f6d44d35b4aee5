package net.sonic.portsyncd.bench.jmh;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.core.LinkSync;
import net.sonic.portsyncd.core.SyncSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.RedisServer;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event path of the sync engine through its public API: link messages handed over as the capture's
 * delivery thread does ({@code onLinkBatch}), taken by the sync thread, filtered (§1.5), checked against APPL_DB
 * and written to STATE_DB of a real redis-server (unix socket), with 512 configured ports. A benchmark
 * invocation ends when the engine's counters show every message handled.
 *
 * <ul>
 * <li>{@code filteredBatch}: 512 messages the filters drop (not a port name): the decision alone, no Redis;</li>
 * <li>{@code acceptedBatch}: 512 port messages: decision, APPL_DB existence check and STATE_DB write of the batch;</li>
 * <li>{@code acceptedSingle}: one port message at a time: the latency of a lone kernel change.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionPathBenchmark {
    private static final int PORTS = 512;

    private RedisServer redis;
    private SonicDbClient db;
    private WarmRestartManager lifecycle;
    private LinkSync sync;
    private final CountingRecorder counters = new CountingRecorder();
    private int round;

    @Setup(Level.Trial)
    public void startEngine() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        redis = RedisServer.start();
        Path config = redis.writeDatabaseConfig(redis.directory().resolve("database_config.json"), true);
        db = SonicDbClient.open(config, "", Duration.ofSeconds(5));
        seedPorts();
        lifecycle = WarmRestartManager.create(db, null, null, counters);
        sync = new LinkSync(db, new QuietCapture(), lifecycle, SyncSettings.defaults(), Clock.systemUTC());
        sync.useMetrics(counters);
        sync.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sync.status().running()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the engine did not start: " + sync.status());
            }
            Thread.onSpinWait();
        }
    }

    /** CONFIG_DB rows for the cold start, and the APPL_DB rows orchagent would have popped. */
    private void seedPorts() {
        try (DbConnection config = db.connect(SonicDb.CONFIG_DB); DbConnection appl = db.connect(SonicDb.APPL_DB)) {
            Batch configRows = config.batch();
            Batch applRows = appl.batch();
            for (int i = 0; i < PORTS; i++) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("lanes", Integer.toString(i));
                fields.put("mtu", "9100");
                fields.put("admin_status", "up");
                configRows.hset(config.info().key("PORT", name(i)), fields);
                applRows.hset(appl.info().key("PORT_TABLE", name(i)), fields);
            }
            configRows.execute();
            applRows.execute();
        }
    }

    @TearDown(Level.Trial)
    public void stopEngine() {
        sync.close();
        lifecycle.close();
        db.close();
        redis.close();
    }

    private static String name(int i) {
        return "Ethernet" + i * 4;
    }

    private List<LinkEvent> batch(String prefix, int count) {
        int flags = (round++ & 1) == 0 ? LinkEvent.IFF_UP : 0;
        long now = System.nanoTime();
        List<LinkEvent> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(new LinkEvent(LinkMessageType.NEW_LINK, LinkEvent.AF_UNSPEC, 100 + i, flags, LinkEvent.IFF_UP,
                    prefix.isEmpty() ? name(i) : prefix + i, 9100, 0, null, 2, 0, "tun", 0, now));
        }
        return batch;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PORTS)
    public void filteredBatch() {
        long target = counters.get(Counter.NETLINK_IGNORED_NAME) + PORTS;
        sync.onLinkBatch(batch("veth", PORTS));
        counters.awaitAtLeast(Counter.NETLINK_IGNORED_NAME, target);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PORTS)
    public void acceptedBatch() {
        long target = counters.get(Counter.STATE_DB_WRITES) + PORTS;
        sync.onLinkBatch(batch("", PORTS));
        counters.awaitAtLeast(Counter.STATE_DB_WRITES, target);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void acceptedSingle() {
        long target = counters.get(Counter.STATE_DB_WRITES) + 1;
        sync.onLinkBatch(batch("", 1));
        counters.awaitAtLeast(Counter.STATE_DB_WRITES, target);
    }
}
