package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import net.sonic.portsyncd.tools.OrchagentStandIn;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.junit.runners.MethodSorters;

/**
 * Every bundle operation an operator can run on a live container, over JMX as an operator runs them, each while
 * links flap: {@code bundle:update} of every portsyncd bundle with and without a refresh (the API bundle included,
 * and an API update without a refresh followed by updates of the other bundles), {@code bundle:refresh},
 * {@code bundle:restart}, stop and start of a dependency, a change of the core's configuration. After each, from
 * outside ({@link HitlessWitness}): no STATE_DB row of a live port deleted, no steady port admin-down, no
 * PortConfigDone published again, no cold start, every bundle active with its components satisfied, the engine
 * running on Redis with its initial sync complete, and STATE_DB equal to the kernel within 2 s of that.
 * The container is the assembly run as {@code bin/karaf server}, orchagent's part played by the stand-in.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BundleOperationsTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final List<String> PORTS = IntStream.range(0, 8).mapToObj(i -> "Ethernet" + i * 4).toList();
    /** Admin-up for the whole test: nobody but portsyncd could take them down. */
    private static final List<String> STEADY = PORTS.subList(0, 4);
    private static final List<String> FLAPPED = PORTS.subList(4, PORTS.size());
    /** The bundles whose replacement restarts the engine (its mandatory services and itself). */
    private static final Set<String> ENGINE_BUNDLES = Set.of("portsyncd-api", "portsyncd-sonic-db", "portsyncd-netlink",
            "portsyncd-warmrestart", "portsyncd-core");
    private static final String CORE_PID = "net.sonic.portsyncd.core";
    private static final String WIRING_PID = "net.sonic.portsyncd.wiring";
    private static final String WIRING_ALARM = AlarmType.BUNDLE_WIRING.notificationType();
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    /** Settled means settled this long: a replaced service may restart the engine a second time. */
    private static final long STABLE_MILLIS = 500;
    private static final Duration KERNEL_LIMIT = Duration.ofSeconds(2);
    private static final int CONFIG_DB = 4;
    private static final String HEALED = "portsyncd bundle wiring is consistent after refreshing";

    private static Path work;
    private static RedisServer redis;
    private static NetNs ns;
    private static SonicDbClient db;
    private static OrchagentStandIn orchagent;
    private static Thread orchagentThread;
    private static KarafInstance karaf;
    private static ContainerJmx jmx;
    private static boolean failed;

    /** A failure keeps the container's files (logs, state) for a look. */
    @Rule
    public final TestWatcher failures = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            failed = true;
        }
    };

    @BeforeClass
    public static void bootTheContainerAndSyncThePorts() throws Exception {
        work = Files.createTempDirectory("portsyncd-bundle-ops-");
        redis = RedisServer.start();
        ns = NetNs.create("psd-bops");
        Path databaseConfig = redis.writeDatabaseConfig(work.resolve("database_config.json"), true);
        for (String port : PORTS) {
            int lane = Integer.parseInt(port.substring("Ethernet".length()));
            redis.commandOn(CONFIG_DB, "HSET", "PORT|" + port, "lanes", Integer.toString(lane), "speed", "100000",
                    "mtu", "9100", "admin_status", "up");
        }
        db = SonicDbClient.open(databaseConfig, "", Duration.ofSeconds(5));
        orchagent = new OrchagentStandIn(db, ns.name(), line -> System.out.println("[BundleOperationsTest] " + line));
        orchagentThread = new Thread(orchagent::run, "itest-orchagent-stand-in");
        orchagentThread.start();
        karaf = KarafInstance.unpack(ASSEMBLY, work, databaseConfig, ns.name(), work.resolve("state"));
        ContainerUsers.setIn(karaf.home());
        karaf.start();
        Poll.until(BOOT_LIMIT, () -> !karaf.isRunning()
                || ":1".equals(redis.command("EXISTS", "PORT_TABLE:PortConfigDone")),
                () -> "PortConfigDone popped by orchagent; see " + karaf.logDirectory());
        assertTrue("the container is running", karaf.isRunning());
        Poll.until(BOOT_LIMIT, () -> PORTS.stream().allMatch(port ->
                "ok".equals(redis.commandOn(6, "HGET", "PORT_TABLE|" + port, "state"))), "STATE_DB rows of every port");
        STEADY.forEach(ns::up);
        Poll.until(BOOT_LIMIT, BundleOperationsTest::jmxConnected, "a JMX connection to the container");
        awaitSettled("the first start", -1);
        try (HitlessWitness kernel = new HitlessWitness(redis, ns, PORTS, STEADY)) {
            kernel.awaitStateDbEqualsKernel(PORTS, SETTLE_LIMIT);
        }
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (karaf != null) {
            karaf.stop();
        }
        if (orchagent != null) {
            orchagent.close();
            orchagentThread.join(10_000);
            db.close();
        }
        if (ns != null) {
            ns.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (failed) {
            System.out.println("[BundleOperationsTest] the container's files are kept in " + work);
        } else {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
    }

    /**
     * The operation that used to leave the engine unsatisfied for minutes: the API bundle updated without a
     * refresh, then the other engine bundles likewise. The wiring guard raises its alarm (a JMX notification within
     * seconds of the last update) and refreshes; the engine resumes.
     */
    @Test
    public void a_apiUpdateWithoutRefreshThenUpdatesOfTheOthersIsHealedByTheGuard() throws Exception {
        List<Notification> notifications = jmx.listenToAlarms();
        int healedBefore = occurrences(karafLog(), HEALED);
        hitless("bundle:update portsyncd-api without a refresh, then the other engine bundles", true, () -> {
            jmx.update(jmx.bundleId("portsyncd-api"));
            for (String name : List.of("portsyncd-sonic-db", "portsyncd-netlink", "portsyncd-warmrestart",
                    "portsyncd-core")) {
                jmx.update(jmx.bundleId(name));
            }
            long lastUpdate = System.currentTimeMillis();
            // the engine bundles now agree with each other, the others do not: only the guard can tell
            Poll.until(Duration.ofSeconds(10), () -> notifications.stream().anyMatch(n -> n.getType()
                    .equals(AlarmType.BUNDLE_WIRING.raiseNotificationType())),
                    () -> "no " + WIRING_ALARM + " raise notification over JMX within 10 s of the last update: "
                            + notifications.stream().map(Notification::getType).toList());
            System.out.printf("[BundleOperationsTest] %s raised over JMX %d ms after the last update%n", WIRING_ALARM,
                    System.currentTimeMillis() - lastUpdate);
            Poll.until(SETTLE_LIMIT, () -> occurrences(karafLog(), HEALED) > healedBefore,
                    "the guard's next incarnation reporting the wiring consistent");
        });
        assertTrue("the refresh is logged with its reason", karafLog().contains("Refreshing portsyncd-api"));
    }

    /** With automatic refresh off, the alarm stays visible over JMX; turning refresh on heals the wiring. */
    @Test
    public void b_withRefreshOffTheWiringAlarmStaysUntilRefreshIsTurnedOn() throws Exception {
        hitless("an API update without a refresh while the guard may not refresh, then refresh turned on", true, () -> {
            jmx.setConfig(WIRING_PID, "refresh.enabled", "false");
            Poll.until(SETTLE_LIMIT, () -> karafLog().contains("Bundle wiring guard reconfigured (refresh off"),
                    "the guard reconfigured");
            jmx.update(jmx.bundleId("portsyncd-api"));
            jmx.update(jmx.bundleId("portsyncd-core"));
            Poll.until(Duration.ofSeconds(10), () -> alarms().stream().anyMatch(a -> a.startsWith(WIRING_ALARM)),
                    () -> "no " + WIRING_ALARM + " among the active alarms " + alarms());
            jmx.setConfig(WIRING_PID, "refresh.enabled", "true");
        });
    }

    @Test
    public void c_updateWithoutRefreshOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:update " + name + " (no refresh)", ENGINE_BUNDLES.contains(name),
                    () -> jmx.update(jmx.bundleId(name)));
        }
    }

    @Test
    public void d_updateWithRefreshOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:update -r " + name, ENGINE_BUNDLES.contains(name), () -> {
                long id = jmx.bundleId(name);
                jmx.update(id);
                jmx.refresh(id);
            });
        }
    }

    @Test
    public void e_refreshOfTheApiBundleRestartsEverything() throws Exception {
        hitless("bundle:refresh portsyncd-api", true, () -> jmx.refresh(jmx.bundleId("portsyncd-api")));
    }

    /** A restart keeps the bundle's wiring: the API bundle registers no service, so its restart stops nothing. */
    @Test
    public void f_restartOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:restart " + name, ENGINE_BUNDLES.contains(name) && !name.equals("portsyncd-api"),
                    () -> jmx.restart(jmx.bundleId(name)));
        }
    }

    @Test
    public void g_stopAndStartOfADependency() throws Exception {
        for (String name : List.of("portsyncd-sonic-db", "portsyncd-netlink")) {
            hitless("bundle:stop then bundle:start " + name, true, () -> {
                long id = jmx.bundleId(name);
                jmx.stop(id);
                Poll.until(SETTLE_LIMIT, () -> !running(), "the engine stopped without " + name);
                jmx.start(id);
            });
        }
    }

    @Test
    public void h_changeOfTheCoreConfiguration() throws Exception {
        hitless("config change of " + CORE_PID, true, () -> jmx.setConfig(CORE_PID, "queue.capacity", "8192"));
    }

    /** An operation under flapping, then every outside assertion. */
    private static void hitless(String what, boolean restartsEngine, Operation operation) throws Exception {
        long startsBefore = starts();
        long coldStartsBefore = jmx.counter("ColdStartCount");
        long began = System.nanoTime();
        try (HitlessWitness witness = new HitlessWitness(redis, ns, PORTS, STEADY)) {
            try (LinkFlapper flapper = new LinkFlapper(ns, FLAPPED)) {
                operation.run();
                awaitSettled(what, restartsEngine ? startsBefore : -1);
            }
            long settled = System.nanoTime();
            witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            System.out.printf("[BundleOperationsTest] %s: settled after %d ms, STATE_DB equal to the kernel %d ms "
                    + "later%n", what, (settled - began) / 1_000_000, (System.nanoTime() - settled) / 1_000_000);
        }
        assertEquals(what + ": no cold start", coldStartsBefore, jmx.counter("ColdStartCount"));
    }

    /**
     * Every portsyncd bundle active (Karaf says "Active" only once its components are satisfied), no wiring
     * alarm, the engine running on Redis with the initial sync complete and, when {@code startsBefore} is not
     * negative, started again since; all of it for {@link #STABLE_MILLIS}.
     */
    private static void awaitSettled(String what, long startsBefore) {
        long[] since = {0};
        Poll.until(SETTLE_LIMIT, () -> {
            if (!settled(startsBefore)) {
                since[0] = 0;
                return false;
            }
            if (since[0] == 0) {
                since[0] = System.currentTimeMillis();
            }
            return System.currentTimeMillis() - since[0] >= STABLE_MILLIS;
        }, () -> what + ": not settled: " + describe());
    }

    private static boolean settled(long startsBefore) {
        try {
            return jmx.ourBundles().values().stream().allMatch(bundle -> "Active".equals(bundle[1]))
                    && running() && "INITIAL_SYNC_COMPLETE".equals(jmx.lifecycleState())
                    && (startsBefore < 0 || starts() > startsBefore)
                    && alarms().stream().noneMatch(alarm -> alarm.startsWith(WIRING_ALARM));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean running() {
        try {
            CompositeData status = jmx.syncStatus();
            return status != null && (Boolean) status.get("running") && (Boolean) status.get("redisAvailable");
        } catch (Exception e) {
            return false;
        }
    }

    private static String describe() {
        try {
            return "bundles " + jmx.ourBundles().values().stream().map(b -> b[0] + "=" + b[1])
                    .collect(Collectors.joining(", ")) + "; status " + status() + "; lifecycle "
                    + jmx.lifecycleState() + "; starts " + starts() + "; alarms " + alarms() + "; see "
                    + karaf.logDirectory();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String status() throws Exception {
        CompositeData status = jmx.syncStatus();
        return status == null ? "none" : "running=" + status.get("running") + " redisAvailable="
                + status.get("redisAvailable") + " mode=" + status.get("mode");
    }

    /** Engine starts so far, warm (resume included) and cold: persisted metrics, so they survive bundle restarts. */
    private static long starts() throws Exception {
        long warm = jmx.counter("WarmRestartCount");
        long cold = jmx.counter("ColdStartCount");
        return warm < 0 || cold < 0 ? -1 : warm + cold;
    }

    private static List<String> alarms() {
        try {
            return jmx.activeAlarms();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<String> ourBundleNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (Map.Entry<Long, String[]> bundle : jmx.ourBundles().entrySet()) {
            names.add(bundle.getValue()[0]);
        }
        names.sort(null);
        return names;
    }

    private static boolean jmxConnected() {
        try {
            jmx = ContainerJmx.connect(karaf.jmxServiceUrl());
            return true;
        } catch (IOException | SecurityException notYet) {
            return false;
        }
    }

    private static String karafLog() {
        try {
            return Files.readString(karaf.logDirectory().resolve("karaf.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }
}
