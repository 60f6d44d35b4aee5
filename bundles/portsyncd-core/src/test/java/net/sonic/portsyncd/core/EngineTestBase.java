package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RedisMonitor;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * One redis-server per test class ({@link PrivateRedis}), a fresh namespace and an empty Redis per test, and the
 * helpers every behaviour test needs: seeding CONFIG_DB, starting the daemon and the orchagent stand-in, reading rows.
 */
abstract class EngineTestBase {
    static final int APPL_DB = 0;
    static final int CONFIG_DB = 4;
    static final int STATE_DB = 6;
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    static RedisServer redis() {
        return REDIS.server();
    }

    NetNs ns;
    SonicDbClient client;
    Jedis config;
    Jedis appl;
    Jedis state;
    private Daemon daemon;
    private final List<AutoCloseable> watchers = new java.util.ArrayList<>();
    private final List<OrchagentStandIn> orchagents = new java.util.ArrayList<>();

    @BeforeEach
    void freshNamespaceAndDatabases() {
        ns = NetNs.create("core");
        client = SonicDbClient.open(REDIS.databaseConfig(), "", Daemon.CONNECTIONS);
        config = connect(CONFIG_DB);
        appl = connect(APPL_DB);
        state = connect(STATE_DB);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable watcher : watchers) {
            watcher.close();
        }
        watchers.clear();
        stopDaemon();
        for (OrchagentStandIn orchagent : orchagents) {
            orchagent.close();
        }
        orchagents.clear();
        client.close();
        config.close();
        appl.close();
        state.close();
        ns.close();
    }

    /** After Redis was restarted: the test's own connections start afresh. */
    void reconnectClients() {
        config.close();
        appl.close();
        state.close();
        config = connect(CONFIG_DB);
        appl = connect(APPL_DB);
        state = connect(STATE_DB);
    }

    static Jedis connect(int db) {
        Jedis jedis = new Jedis(redis().host(), redis().port());
        jedis.select(db);
        return jedis;
    }

    /** Keyspace notifications of STATE_DB port rows from now on, until the test ends. */
    KeyspaceNotifications watchStatePortRows() {
        KeyspaceNotifications watch = KeyspaceNotifications.recording(redis().host(), redis().port(),
                "__keyspace@" + STATE_DB + "__:PORT_TABLE|*");
        watchers.add(watch);
        return watch;
    }

    /** Every command Redis runs from now on, until the test ends. */
    RedisMonitor monitor() {
        RedisMonitor monitor = new RedisMonitor(redis());
        watchers.add(monitor);
        return monitor;
    }

    Daemon startDaemon() {
        return startDaemon(Daemon.Options.defaults());
    }

    Daemon startDaemon(Daemon.Options options) {
        daemon = Daemon.start(REDIS.databaseConfig(), ns, options);
        return daemon;
    }

    Daemon startDaemonAndWait() {
        Daemon started = startDaemon();
        awaitRunning(started);
        return started;
    }

    static void awaitRunning(Daemon started) {
        Poll.until(WAIT, () -> started.sync.status().running(), "the engine did not finish its start-up");
    }

    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    OrchagentStandIn startOrchagent(OrchagentStandIn.HostInterfaces hostInterfaces) {
        OrchagentStandIn orchagent = OrchagentStandIn.creatingAtOnce(client, ns.name(), hostInterfaces).start();
        orchagents.add(orchagent);
        return orchagent;
    }

    /** Ethernet0, Ethernet4, ... : {@code count} SONiC port names. */
    static List<String> portNames(int count) {
        List<String> ports = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add("Ethernet" + i * 4);
        }
        return ports;
    }

    /** Cold start with the orchagent stand-in creating the host interfaces, until every port has its STATE_DB row. */
    Daemon runningSwitch(int portCount, OrchagentStandIn.HostInterfaces hostInterfaces, Daemon.Options options) {
        configurePorts(portNames(portCount).toArray(String[]::new));
        startOrchagent(hostInterfaces);
        Daemon daemon = startDaemon(options);
        await(() -> daemon.sync.status().portInitDone() && state.keys("PORT_TABLE|*").size() == portCount
                && stateDbMatchesKernel(), "every port has its STATE_DB row");
        return daemon;
    }

    void awaitStateDbEqualsKernel(Duration within) {
        Poll.until(within, this::stateDbMatchesKernel, this::stateDbVersusKernel);
    }

    /**
     * A switch after a cold start: ports configured and popped, a veth per port (so carrier follows admin state),
     * every port up and in STATE_DB; then portsyncd stops, as it does before a restart.
     */
    OrchagentStandIn coldStartedSwitch(List<String> ports, Daemon.Options options) {
        configurePorts(ports.toArray(String[]::new));
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.VETH);
        Daemon daemon = startDaemon(options);
        await(() -> daemon.sync.status().portInitDone(), "PortInitDone after the cold start");
        // PortInitDone may precede the netdevs: the stand-in can pop before the engine prunes known ports
        await(() -> KernelLinks.read(ns).keySet().containsAll(ports), "a netdev for every port");
        ns.batch(ports.stream().map(port -> "link set " + port + " up").toList());
        for (String port : ports) {
            awaitStateRow(port, stateFields("up", "up", "1500"));
        }
        assertThat(daemon.lifecycle.lastDecision().orElseThrow().mode()).isEqualTo(RestartMode.COLD);
        stopDaemon();
        return orchagent;
    }

    void configurePort(String name, String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        config.hset("PORT|" + name, fields);
    }

    /** A typical SONiC port row. */
    void configurePorts(String... names) {
        int lane = 0;
        for (String name : names) {
            configurePort(name, "lanes", lane + "," + (lane + 1) + "," + (lane + 2) + "," + (lane + 3),
                    "alias", "etp" + (lane / 4 + 1), "speed", "100000", "mtu", "9100", "admin_status", "up");
            lane += 4;
        }
    }

    /** HGETALL in the server's field order. */
    static Map<String, String> row(Jedis jedis, String key) {
        @SuppressWarnings("unchecked")
        List<byte[]> reply = (List<byte[]>) jedis.sendCommand(Protocol.Command.HGETALL, key);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            fields.put(new String(reply.get(i), StandardCharsets.UTF_8), new String(reply.get(i + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    Map<String, String> stateRow(String port) {
        return row(state, "PORT_TABLE|" + port);
    }

    Map<String, String> applRow(String port) {
        return row(appl, "PORT_TABLE:" + port);
    }

    void awaitStateRow(String port, Map<String, String> expected) {
        Poll.until(WAIT, () -> expected.equals(portsyncdFields(stateRow(port))),
                () -> "STATE_DB PORT_TABLE|" + port + " is " + stateRow(port) + ", expected " + expected);
    }

    static Map<String, String> portsyncdFields(Map<String, String> row) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : List.of("state", "netdev_oper_status", "admin_status", "mtu")) {
            if (row.containsKey(name)) {
                fields.put(name, row.get(name));
            }
        }
        return fields;
    }

    static Map<String, String> stateFields(String oper, String admin, String mtu) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("state", "ok");
        fields.put("netdev_oper_status", oper);
        fields.put("admin_status", admin);
        fields.put("mtu", mtu);
        return fields;
    }

    static void awaitCounter(Daemon running, Counter counter, long atLeast) {
        Poll.until(WAIT, () -> running.metrics.get(counter) >= atLeast,
                () -> counter + " is " + running.metrics.get(counter) + ", expected at least " + atLeast);
    }

    static void await(BooleanSupplier condition, String what) {
        Poll.until(WAIT, condition, what);
    }

    /** STATE_DB agrees with the kernel for every Ethernet link of the namespace, and has no row for others. */
    boolean stateDbMatchesKernel() {
        Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
        for (KernelLinks.Link link : kernel.values()) {
            if (link.name().startsWith("Ethernet") && !link.stateFields().equals(portsyncdFields(stateRow(link.name())))) {
                return false;
            }
        }
        for (String key : state.keys("PORT_TABLE|*")) {
            if (!kernel.containsKey(key.substring("PORT_TABLE|".length()))) {
                return false;
            }
        }
        return true;
    }

    String stateDbVersusKernel() {
        StringBuilder out = new StringBuilder();
        for (KernelLinks.Link link : KernelLinks.read(ns).values()) {
            if (link.name().startsWith("Ethernet")) {
                Map<String, String> row = portsyncdFields(stateRow(link.name()));
                if (!link.stateFields().equals(row)) {
                    out.append(link.name()).append(": kernel ").append(link.stateFields()).append(" STATE_DB ")
                            .append(row).append('\n');
                }
            }
        }
        return out.length() == 0 ? "STATE_DB has rows the kernel has no link for: " + state.keys("PORT_TABLE|*")
                : out.toString();
    }
}
