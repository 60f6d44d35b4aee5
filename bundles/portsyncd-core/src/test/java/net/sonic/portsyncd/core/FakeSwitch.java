package net.sonic.portsyncd.core;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import net.sonic.portsyncd.testkit.fake.FakeLinkCapture;
import net.sonic.portsyncd.testkit.fake.FakeSonicDb;
import net.sonic.portsyncd.testkit.fake.FakeStateStore;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;
import net.sonic.portsyncd.warmrestart.WarmRestartSettings;

/**
 * The sync engine on in-memory neighbours, for the fast tests: the SONiC databases, a kernel with its netlink
 * capture, a state store, and a lifecycle (the test's, or the real warm-restart manager on the same databases). It
 * reads and seeds the databases from outside, as the Redis-backed tests do with their own connections.
 */
final class FakeSwitch implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String BOOT = "boot-1";
    /** Short pauses between attempts to reach Redis, so that a fast test leaves an outage quickly. */
    static final SyncSettings SETTINGS = new SyncSettings(16_384, 2_048, Duration.ofMillis(5), Duration.ofMillis(50),
            Duration.ofSeconds(2), 1 << 20);

    final FakeSonicDb db = new FakeSonicDb();
    final FakeLinkCapture kernel = new FakeLinkCapture("sw");
    final FakeStateStore store = new FakeStateStore(BOOT);
    final CountingMetrics metrics = new CountingMetrics();
    final RecordingAlarms alarms = new RecordingAlarms();
    WarmRestartLifecycle lifecycle;
    LinkSync sync;
    private ConsumerStateTable orchagent;

    /** Starts the engine with {@code lifecycle}, wired as the component wires it. */
    LinkSync start(WarmRestartLifecycle chosen, SyncSettings settings) {
        lifecycle = chosen;
        sync = new LinkSync(db, kernel, lifecycle, settings, Clock.systemUTC());
        sync.useMetrics(metrics);
        sync.useAlarms(alarms);
        sync.useStateStore(store);
        kernel.addListener(sync);
        sync.start();
        return sync;
    }

    LinkSync start(WarmRestartLifecycle chosen) {
        return start(chosen, SETTINGS);
    }

    /** With the warm-restart bundle's own manager deciding, on these databases and this store. */
    LinkSync startWithRealLifecycle() {
        WarmRestartManager manager = new WarmRestartManager(db, new WarmRestartSettings(Duration.ofSeconds(30),
                Duration.ofMinutes(10)), Clock.systemUTC(), System::nanoTime);
        manager.useStateStore(store);
        manager.useMetrics(metrics);
        manager.useAlarms(alarms);
        return start(manager);
    }

    /**
     * A switch after a cold start: CONFIG_DB configures {@code ports}, orchagent took them and created a netdev for
     * each (up, with carrier), and STATE_DB has every row and APPL_DB PortInitDone.
     */
    void coldStarted(String... ports) {
        configurePorts(ports);
        start(new FakeWarmRestartLifecycle());
        orchagentCreatesNetdevs();
        await(() -> applDbHas("PortInitDone") && stateDbMatchesKernel()
                && db.keys(SonicDb.STATE_DB, "PORT_TABLE|*").size() == ports.length, "every port in STATE_DB");
    }

    /** APPL_DB holds {@code key} of PORT_TABLE, popped by orchagent or still waiting for it. */
    boolean applDbHas(String key) {
        return db.exists(SonicDb.APPL_DB, "_PORT_TABLE:" + key) || db.exists(SonicDb.APPL_DB, "PORT_TABLE:" + key);
    }

    /** A typical SONiC port row per name. */
    void configurePorts(String... names) {
        int lane = 0;
        for (String name : names) {
            db.hset(SonicDb.CONFIG_DB, "PORT|" + name, "lanes", lane + "," + (lane + 1), "alias", "etp" + lane,
                    "speed", "100000", "mtu", "9100", "admin_status", "up");
            lane += 4;
        }
    }

    /**
     * Orchagent: pops what portsyncd wrote (moving it into APPL_DB PORT_TABLE) and creates a netdev, up and with
     * carrier, for every port it did not have yet.
     */
    List<KeyOpFields> orchagentCreatesNetdevs() {
        List<KeyOpFields> popped = orchagentPops();
        for (KeyOpFields entry : popped) {
            if (entry.op() == KeyOpFields.Op.SET && entry.key().startsWith("Ethernet")
                    && !kernel.linkNames().contains(entry.key())) {
                kernel.addLink(entry.key(), "veth");
                kernel.setAdminState(entry.key(), true);
            }
        }
        return popped;
    }

    /** Orchagent takes what portsyncd wrote, once PortConfigDone is there, into APPL_DB PORT_TABLE. */
    List<KeyOpFields> orchagentPops() {
        if (orchagent == null) {
            orchagent = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 1024);
        }
        await(() -> applDbHas("PortConfigDone"), "PortConfigDone");
        return orchagent.pop(Duration.ofSeconds(1));
    }

    /** What APPL_DB holds after a cold start orchagent took: its rows, PortConfigDone and PortInitDone. */
    void orchagentKnows(String... ports) {
        for (String port : ports) {
            db.hset(SonicDb.APPL_DB, "PORT_TABLE:" + port, "lanes", "0", "mtu", "9100", "admin_status", "up");
        }
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone", "count", Integer.toString(ports.length));
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:PortInitDone", "lanes", "0");
    }

    /** Netdevs as orchagent left them: up, with carrier. */
    void netdevs(String... ports) {
        for (String port : ports) {
            kernel.addLink(port, "veth");
            kernel.setAdminState(port, true);
        }
    }

    /** The STATE_DB row portsyncd would write for the kernel's current state of {@code port}. */
    void stateRowAsKernelHasIt(String port) {
        db.hset(SonicDb.STATE_DB, "PORT_TABLE|" + port, StateRow.fieldsOf(kernel.state(port).orElseThrow()));
    }

    Map<String, String> stateRow(String port) {
        return db.row(SonicDb.STATE_DB, "PORT_TABLE|" + port);
    }

    /** Every Ethernet netdev has its row with the kernel's values, and no row lacks a netdev. */
    boolean stateDbMatchesKernel() {
        for (String name : kernel.linkNames()) {
            LinkEvent link = kernel.state(name).orElseThrow();
            if (name.startsWith("Ethernet") && db.exists(SonicDb.APPL_DB, "PORT_TABLE:" + name)
                    && !StateRow.holds(stateRow(name), StateRow.fieldsOf(link))) {
                return false;
            }
        }
        for (String key : db.keys(SonicDb.STATE_DB, "PORT_TABLE|*")) {
            if (!kernel.linkNames().contains(key.substring("PORT_TABLE|".length()))) {
                return false;
            }
        }
        return true;
    }

    String stateDbVersusKernel() {
        Map<String, Object> both = new LinkedHashMap<>();
        for (String key : db.keys(SonicDb.STATE_DB, "PORT_TABLE|*")) {
            both.put(key, db.row(SonicDb.STATE_DB, key));
        }
        for (String name : kernel.linkNames()) {
            both.put("kernel " + name, kernel.state(name).map(StateRow::fieldsOf).orElseThrow());
        }
        return "STATE_DB and kernel differ: " + both;
    }

    void awaitStateDbMatchesKernel() {
        Poll.until(WAIT, this::stateDbMatchesKernel, this::stateDbVersusKernel);
    }

    /** Writes and deletes of STATE_DB port rows the engine sent since the last {@link FakeSonicDb#forgetCommands}. */
    List<String> stateRowWrites() {
        return db.commands(c -> c.db().equals(SonicDb.STATE_DB) && c.key().startsWith("PORT_TABLE|")
                && (c.name().equals("HSET") || c.name().equals("DEL"))).stream()
                .map(c -> c.name() + " " + c.key()).toList();
    }

    void awaitCounter(Counter counter, long atLeast) {
        Poll.until(WAIT, () -> metrics.get(counter) >= atLeast,
                () -> counter + " is " + metrics.get(counter) + ", expected at least " + atLeast);
    }

    static void await(BooleanSupplier condition, String what) {
        Poll.until(WAIT, condition, what);
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        kernel.close();
        if (orchagent != null) {
            orchagent.close();
        }
        if (lifecycle instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the lifecycle failed", e);
            }
        }
    }
}
