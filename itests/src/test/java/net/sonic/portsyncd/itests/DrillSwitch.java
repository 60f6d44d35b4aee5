package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;

/**
 * A running switch for the fault drills and every test that needs a whole one (bundle operations, the Zabbix
 * template): a private Redis with CONFIG_DB's eight ports, a namespace, orchagent's
 * part played by the stand-in (it pops APPL_DB and creates the host interfaces after PortConfigDone) and the Karaf
 * assembly run as {@code bin/karaf server}, booted cold once. Its links: {@link #STEADY} admin-up throughout,
 * {@code Ethernet8} admin-down, {@code Ethernet12} at MTU 9100, {@link #ADMIN_FLAPPED} whose admin state the
 * flapper toggles, and {@code Ethernet24}/{@code Ethernet28} veths whose carrier it toggles through their peers.
 * Outer JVM only; {@link #heal()} brings everything back to that state between drills.
 */
final class DrillSwitch implements AutoCloseable {
    static final List<String> PORTS = IntStream.range(0, 8).mapToObj(i -> "Ethernet" + i * 4).toList();
    /** Admin-up throughout: nobody but portsyncd could take them down. */
    static final List<String> STEADY = List.of("Ethernet0", "Ethernet4", "Ethernet12", "Ethernet24", "Ethernet28");
    static final List<String> ADMIN_FLAPPED = List.of("Ethernet16", "Ethernet20");
    static final Map<String, String> CARRIER_PEERS = Map.of("Ethernet24", "vp24", "Ethernet28", "vp28");
    static final String ADMIN_DOWN = "Ethernet8";
    static final String JUMBO = "Ethernet12";
    static final Duration KERNEL_LIMIT = Duration.ofSeconds(2);
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    static final int APPL_DB = 0;
    static final int CONFIG_DB = 4;
    static final int STATE_DB = 6;
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    /** Settled means settled this long: a replaced service may restart the engine a second time. */
    private static final long STABLE_MILLIS = 500;
    /** What the flapper toggles: the admin state of two ports, the carrier of two others. */
    private static final List<String> FLAPPED_LINKS = List.of("Ethernet16", "vp24", "Ethernet20", "vp28");

    private final String name;
    private final Path work;
    // set one after the other by bootCold, so that close() stops what a failed boot had started
    private RedisServer redis;
    private NetNs ns;
    private SonicDbClient db;
    private OrchagentStandIn orchagent;
    private KarafInstance karaf;
    private ContainerJmx jmx;
    private boolean containerPaused;

    private DrillSwitch(String name, Path work) {
        this.name = name;
        this.work = work;
    }

    /**
     * Boots the container cold, lets the stand-in pop PortConfigDone and create the host interfaces, gives the
     * links their states and waits until the engine has settled and STATE_DB equals the kernel.
     */
    static DrillSwitch boot(String name) throws Exception {
        DrillSwitch drillSwitch = new DrillSwitch(name, Files.createTempDirectory("portsyncd-" + name + "-"));
        try {
            drillSwitch.bootCold();
            return drillSwitch;
        } catch (Exception | AssertionError e) {
            drillSwitch.close(true);
            throw e;
        }
    }

    private void bootCold() throws Exception {
        redis = RedisServer.start();
        ns = NetNs.create("psd-drill");
        Path databaseConfig = redis.writeDatabaseConfig(work.resolve("database_config.json"), true);
        for (String port : PORTS) {
            int lane = Integer.parseInt(port.substring("Ethernet".length()));
            redis.commandOn(CONFIG_DB, "HSET", "PORT|" + port, "lanes", Integer.toString(lane), "speed", "100000",
                    "mtu", "9100", "admin_status", "up");
        }
        db = SonicDbClient.open(databaseConfig, "", Duration.ofSeconds(5));
        orchagent = OrchagentStandIn.likeOrchagent(db, ns.name(), line -> System.out.println("[" + name + "] " + line))
                .start();
        karaf = KarafInstance.unpack(ASSEMBLY, work, databaseConfig, ns.name(), work.resolve("state"));
        ContainerUsers.setIn(karaf.home());
        karaf.start();
        Poll.until(BOOT_LIMIT, () -> !karaf.isRunning() || orchagent.hostInterfaces() == PORTS.size(),
                () -> "the host interfaces created after PortConfigDone; see " + karaf.logDirectory());
        if (!karaf.isRunning()) {
            throw new AssertionError("the container exited; see " + karaf.logDirectory());
        }
        connectJmx();
        heal();
    }

    RedisServer redis() {
        return redis;
    }

    NetNs ns() {
        return ns;
    }

    KarafInstance karaf() {
        return karaf;
    }

    ContainerJmx jmx() {
        return jmx;
    }

    Path work() {
        return work;
    }

    /** The watch of a drill: every port's row must live while its netdev does, the steady ports stay up. */
    HitlessWitness witness() throws IOException {
        return new HitlessWitness(redis, ns, PORTS, STEADY);
    }

    LinkFlapper flapper() {
        return new LinkFlapper(ns, FLAPPED_LINKS);
    }

    /**
     * Back to the drills' starting point whatever the last one left: Redis and the container running and not
     * stopped, every link present in its state, the engine settled and STATE_DB equal to the kernel.
     */
    void heal() throws Exception {
        if (!redis.isRunning()) {
            redis.restart();
        }
        redis.resume();
        if (containerPaused) {
            resumeContainer();
        }
        if (!karaf.isRunning()) {
            karaf.start();
            connectJmx();
        }
        establishLinks();
        awaitSettled("the drill's starting point");
        try (HitlessWitness kernel = witness()) {
            kernel.awaitStateDbEqualsKernel(PORTS, SETTLE_LIMIT);
        }
    }

    /** Creates what is missing (taps; veths with their peers) and sets every link's admin state and MTU. */
    void establishLinks() {
        String links = ns.ip("-o", "-d", "link", "show");
        List<String> commands = new ArrayList<>();
        for (String port : PORTS) {
            String peer = CARRIER_PEERS.get(port);
            Optional<String> line = Arrays.stream(links.split("\n"))
                    .filter(l -> l.matches("\\d+: " + port + "(@\\S+)?: .*")).findFirst();
            if (peer == null && line.isEmpty()) {
                commands.add("tuntap add dev " + port + " mode tap");
            }
            if (peer != null && !line.map(l -> l.contains(" veth ")).orElse(false)) {
                line.ifPresent(present -> commands.add("link del " + port));
                commands.add("link add " + port + " type veth peer name " + peer);
            }
            commands.add("link set " + port + " mtu " + (port.equals(JUMBO) ? 9100 : 1500));
            commands.add("link set " + port + (port.equals(ADMIN_DOWN) ? " down" : " up"));
            if (peer != null) {
                commands.add("link set " + peer + " up");
            }
        }
        ns.batch(commands);
    }

    /**
     * Waits until every portsyncd bundle is active, the engine runs on Redis with its initial sync complete, and
     * no alarm but {@code allowed} is active; all of it for {@link #STABLE_MILLIS}.
     */
    void awaitSettled(String what, AlarmType... allowed) {
        awaitStable(what, -1, allowed);
    }

    /** {@link #awaitSettled}, the engine started again since it had made {@code startsBefore} {@link #starts()}. */
    void awaitRestarted(String what, long startsBefore) {
        awaitStable(what, startsBefore);
    }

    private void awaitStable(String what, long startsBefore, AlarmType... allowed) {
        List<String> allowedTypes = Arrays.stream(allowed).map(AlarmType::notificationType).toList();
        long[] since = {0};
        Poll.until(SETTLE_LIMIT, () -> {
            if (!settled(startsBefore, allowedTypes)) {
                since[0] = 0;
                return false;
            }
            if (since[0] == 0) {
                since[0] = System.currentTimeMillis();
            }
            return System.currentTimeMillis() - since[0] >= STABLE_MILLIS;
        }, () -> name + ", " + what + ": not settled: " + describe());
    }

    private boolean settled(long startsBefore, List<String> allowedAlarms) {
        try {
            return jmx.ourBundles().values().stream().allMatch(bundle -> "Active".equals(bundle[1]))
                    && running() && "INITIAL_SYNC_COMPLETE".equals(jmx.lifecycleState())
                    && (startsBefore < 0 || starts() > startsBefore)
                    && jmx.activeAlarms().stream().allMatch(alarm -> allowedAlarms.contains(alarm.split(" ")[0]));
        } catch (Exception e) {
            return false;
        }
    }

    /** Engine starts so far, warm (resume included) and cold: persisted metrics, so they survive bundle restarts. */
    long starts() throws Exception {
        long warm = jmx.counter("WarmRestartCount");
        long cold = jmx.counter("ColdStartCount");
        return warm < 0 || cold < 0 ? -1 : warm + cold;
    }

    boolean running() {
        try {
            CompositeData status = jmx.syncStatus();
            return status != null && (Boolean) status.get("running") && (Boolean) status.get("redisAvailable");
        } catch (Exception e) {
            return false;
        }
    }

    String describe() {
        try {
            CompositeData status = jmx.syncStatus();
            return "bundles " + jmx.ourBundles().values().stream().map(b -> b[0] + "=" + b[1])
                    .collect(Collectors.joining(", ")) + "; status "
                    + (status == null ? "none" : "running=" + status.get("running") + " redisAvailable="
                            + status.get("redisAvailable"))
                    + "; lifecycle " + jmx.lifecycleState() + "; starts " + starts() + "; alarms " + jmx.activeAlarms()
                    + "; see " + karaf.logDirectory();
        } catch (Exception e) {
            return e + "; see " + karaf.logDirectory();
        }
    }

    /** Waits for a {@code .raise} or {@code .clear} notification of {@code type} among {@code notifications}. */
    static Notification awaitAlarm(List<Notification> notifications, AlarmType type, boolean raise, Duration within) {
        String wanted = raise ? type.raiseNotificationType() : type.clearNotificationType();
        Poll.until(within, () -> notifications.stream().anyMatch(n -> n.getType().equals(wanted)),
                () -> "no " + wanted + " notification over JMX; received "
                        + notifications.stream().map(Notification::getType).toList());
        return notifications.stream().filter(n -> n.getType().equals(wanted)).findFirst().orElseThrow();
    }

    /** A new JMX connection, once the container answers on it (after a start). */
    void connectJmx() throws IOException {
        closeJmx();
        Poll.until(BOOT_LIMIT, () -> {
            try {
                jmx = ContainerJmx.connect(karaf.jmxServiceUrl());
                return true;
            } catch (IOException | SecurityException notYet) {
                return !karaf.isRunning();
            }
        }, () -> "a JMX connection to the container; see " + karaf.logDirectory());
        if (jmx == null) {
            throw new AssertionError("the container exited before it answered over JMX; see " + karaf.logDirectory());
        }
    }

    private void closeJmx() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException containerGone) {
                // a connection to a container that was killed cannot say goodbye
            }
            jmx = null;
        }
    }

    /** SIGSTOP to the container's JVM: nothing in it runs, its sockets stay open, until {@link #resumeContainer()}. */
    void pauseContainer() {
        signalJvm("STOP");
        containerPaused = true;
    }

    void resumeContainer() {
        signalJvm("CONT");
        containerPaused = false;
    }

    private void signalJvm(String signal) {
        ProcessHandle jvm = karaf.jvm().orElseThrow(() -> new AssertionError("the container's JVM is not running"));
        Processes.run(List.of("kill", "-" + signal, Long.toString(jvm.pid())));
    }

    /** How many lines of the container's log (all its runs) contain every one of {@code fragments}. */
    long logLines(String... fragments) throws IOException {
        Path log = karaf.logDirectory().resolve("karaf.log");
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> Arrays.stream(fragments).allMatch(line::contains)).count();
        }
    }

    /** One line of the drill's record: what was measured, for bench/RELIABILITY.md. */
    void report(String drill, String format, Object... args) {
        System.out.printf("[%s] %s: %s%n", name, drill, String.format(format, args));
    }

    /** Stops everything; the files stay in {@link #work()} for a look when {@code keepFiles}. */
    /** The container's threads as a drill failed, into its log directory ({@link KarafInstance#dumpThreads()}). */
    void dumpThreads() {
        if (karaf != null) {
            karaf.dumpThreads();
        }
    }

    void close(boolean keepFiles) throws Exception {
        try {
            if (containerPaused) {
                resumeContainer();
            }
            closeJmx();
            if (karaf != null) {
                karaf.stop();
            }
        } finally {
            if (orchagent != null) {
                orchagent.close();
            }
            if (db != null) {
                db.close();
            }
            if (ns != null) {
                ns.close();
            }
            if (redis != null) {
                redis.close();
            }
            if (keepFiles) {
                System.out.println("[" + name + "] the container's files are kept in " + work);
            } else {
                Processes.run(List.of("rm", "-rf", work.toString()));
            }
        }
    }

    @Override
    public void close() throws Exception {
        close(false);
    }
}
