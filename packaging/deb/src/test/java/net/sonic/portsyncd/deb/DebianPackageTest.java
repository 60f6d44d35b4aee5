package net.sonic.portsyncd.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.ConfigFiles;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * The Debian package on this machine, from outside, as an operator and supervisord see it: lintian finds no error;
 * {@code dpkg -i} installs the distribution, the conffiles and the directories; the real supervisord runs the
 * installed program file against a private Redis and network namespace (orchagent played by the stand-in):
 * PortConfigDone and STATE_DB rows appear, the log lines reach syslog tagged portsyncd, and the users, none in the
 * package, get random passwords in a root-only file at this first start; {@code supervisorctl stop} makes it save a
 * clean state file within 5 s and exit without SIGKILL; {@code supervisorctl start} resumes without a hit; an
 * upgrade to a newer build keeps the changed conffiles (the users' passwords among them) and the port state, drops
 * the bundle cache and resumes without a hit; {@code dpkg -r} stops the running container cleanly and keeps
 * configuration, state and logs; {@code --purge} deletes them. Each maintainer script runs a second time where dpkg
 * ran it, and changes nothing.
 *
 * <p>The package is installed system-wide under its own names (/usr/share/sonic-portsyncd, /etc/sonic-portsyncd,
 * /var/lib/sonic-portsyncd, /var/log/sonic-portsyncd) and the default state directory /var/lib/sonic/portsyncd,
 * and purged at the end whatever happened.
 */
class DebianPackageTest {
    private static final String PACKAGE = "sonic-portsyncd";
    private static final Path DEB = Path.of(System.getProperty("portsyncd.deb",
            "target/sonic-portsyncd_1.0.0_all.deb")).toAbsolutePath();
    private static final String VERSION = System.getProperty("portsyncd.deb.version", "1.0.0");
    private static final String UPGRADE_VERSION = VERSION + "+upgrade1";
    private static final Path HOME = Path.of("/usr/share/sonic-portsyncd");
    private static final Path ETC = Path.of("/etc/sonic-portsyncd");
    private static final Path DATA = Path.of("/var/lib/sonic-portsyncd");
    private static final Path LOGS = Path.of("/var/log/sonic-portsyncd");
    private static final Path STATE = Path.of("/var/lib/sonic/portsyncd");
    private static final Path PROGRAM_FILE = HOME.resolve("supervisor/portsyncd.conf");
    private static final String PROGRAM = "portsyncd";
    private static final Path USERS = ETC.resolve("users.properties");
    private static final Path INITIAL_CREDENTIALS = ETC.resolve("initial-credentials");
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
    /** Changed locally (the database to use) and by the newer build: the local version must stay. */
    private static final String LOCALLY_CHANGED = "/etc/sonic-portsyncd/net.sonic.portsyncd.db.cfg";
    /** Changed by the newer build only: the new version must replace it silently. */
    private static final String UPSTREAM_CHANGED = "/etc/sonic-portsyncd/net.sonic.portsyncd.core.cfg";
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final int APPL_DB = 0;
    private static final int CONFIG_DB = 4;
    private static final int STATE_DB = 6;

    private final Dpkg dpkg = new Dpkg(PACKAGE);

    @Test
    void installsRunsUnderSupervisordUpgradesRemovesAndPurges() throws Exception {
        Environment.requireRoot();
        for (String tool : List.of("dpkg", "dpkg-deb", "dpkg-query")) {
            Environment.require(tool, "dpkg");
        }
        Environment.require("lintian", "lintian");
        assertThat(DEB).as("the package built by this module").isRegularFile();
        Path work = Files.createTempDirectory("portsyncd-deb-");
        Path scripts = Dpkg.controlFiles(DEB, work.resolve("control"));

        lintianFindsNoError();
        dpkg.purgeIfKnown();
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("psd-deb");
                SyslogSocket syslog = SyslogSocket.bind(work.resolve("log.sock"))) {
            installAndCheck(scripts);
            configureLocally(redis, ns, syslog, work);
            try (SonicDbClient db = SonicDbClient.open(work.resolve("database_config.json"), "", Duration.ofSeconds(5));
                    OrchagentStandIn orchagent = OrchagentStandIn.likeOrchagent(db, ns.name(),
                            line -> System.out.println("[DebianPackageTest] " + line));
                    PrivateSupervisord supervisord = PrivateSupervisord.start(work.resolve("supervisor"),
                            List.of(PROGRAM_FILE))) {
                orchagent.start();
                startsColdAndSyncs(supervisord, redis, ns, syslog);
                stopsCleanlyWithinFiveSeconds(supervisord);
                assertThat(filesUnder(HOME)).as("nothing but the package's files in the installation after a run")
                        .isSubsetOf(dpkg.files());
                try (HitlessWitness witness = upPortsWatched(redis, ns)) {
                    ns.ip("link", "set", "Ethernet4", "mtu", "1500");
                    resumesWithoutAHit(supervisord, redis, witness, "a restart by supervisorctl");
                    stopsCleanlyWithinFiveSeconds(supervisord);
                    upgradesKeepingConfigurationAndState(work);
                    ns.ip("link", "set", "Ethernet8", "mtu", "1500");
                    resumesWithoutAHit(supervisord, redis, witness, "the start after the upgrade");
                    removeStopsItCleanlyAndKeepsConfigurationStateAndLogs(supervisord, scripts);
                }
                purgeDeletesEverything(scripts);
            }
        } catch (Exception | AssertionError e) {
            keepLogs(work.resolve("logs"));
            throw e;
        } finally {
            dpkg.purgeIfKnown();
        }
        deleteTree(work);
    }

    private static void lintianFindsNoError() {
        Processes.Result lintian = Processes.tryRun(List.of("lintian", "--fail-on", "error", DEB.toString()), null);
        System.out.println("[DebianPackageTest] lintian " + DEB.getFileName() + ":\n" + lintian.output());
        assertThat(lintian.exitCode()).as("lintian --fail-on error: %s", lintian.output()).isZero();
    }

    private void installAndCheck(Path scripts) throws IOException {
        dpkg.install(DEB);
        assertThat(dpkg.status()).isEqualTo("install ok installed " + VERSION);
        assertThat(HOME.resolve("bin/karaf")).isExecutable();
        assertThat(HOME.resolve("bin/portsyncd-server")).isExecutable();
        assertThat(PROGRAM_FILE).isRegularFile();
        assertThat(Files.readSymbolicLink(HOME.resolve("etc"))).isEqualTo(ETC);
        assertThat(dpkg.conffiles()).as("every file in %s is a conffile", ETC).isEqualTo(filesUnder(ETC));
        assertThat(mode(USERS)).isEqualTo("rw-------");
        assertThat(users()).as("the package ships no user and so no password").isEmpty();
        assertDirectories();
        // a second configure (dpkg --configure -a after an interrupted run, dpkg-reconfigure) changes nothing
        runScript(scripts, "postinst", "configure", VERSION);
        assertDirectories();
    }

    private static void assertDirectories() throws IOException {
        assertThat(mode(STATE)).as("the state directory").isEqualTo("rwx------");
        assertThat(mode(DATA)).as("Karaf's runtime directory").isEqualTo("rwxr-x---");
        assertThat(mode(LOGS)).as("the log directory").isEqualTo("rwxr-x---");
    }

    /** As an operator would: the switch's database, the ASIC's namespace, management ports free on this machine. */
    private static void configureLocally(RedisServer redis, NetNs ns, SyslogSocket syslog, Path work)
            throws IOException {
        Path databaseConfig = redis.writeDatabaseConfig(work.resolve("database_config.json"), true);
        ConfigFiles.set(Path.of(LOCALLY_CHANGED), "database.config.path", databaseConfig);
        ConfigFiles.set(ETC.resolve("net.sonic.portsyncd.netlink.cfg"), "netns", ns.name());
        ConfigFiles.set(ETC.resolve("net.sonic.portsyncd.syslog.cfg"), "socket.path", syslog.path());
        Path management = ETC.resolve("org.apache.karaf.management.cfg");
        ConfigFiles.set(management, "rmiRegistryPort", freePort());
        ConfigFiles.set(management, "rmiServerPort", freePort());
        ConfigFiles.set(ETC.resolve("org.apache.karaf.shell.cfg"), "sshPort", freePort());
        ConfigFiles.set(ETC.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", freePort());
        for (String port : PORTS) {
            int lane = Integer.parseInt(port.substring("Ethernet".length()));
            redis.commandOn(CONFIG_DB, "HSET", "PORT|" + port, "lanes", Integer.toString(lane), "speed", "100000",
                    "mtu", "9100", "admin_status", "up");
        }
    }

    private static void startsColdAndSyncs(PrivateSupervisord supervisord, RedisServer redis, NetNs ns,
            SyslogSocket syslog) throws IOException {
        assertThat(supervisord.ctl("start", PROGRAM)).isEqualTo(PROGRAM + ": started");
        Poll.until(BOOT_LIMIT, () -> !"RUNNING".equals(supervisord.state(PROGRAM))
                || Integer.toString(PORTS.size()).equals(redis.commandOn(APPL_DB, "HGET", "PORT_TABLE:PortConfigDone", "count")),
                () -> "APPL_DB PORT_TABLE:PortConfigDone count=" + PORTS.size() + " (popped by the stand-in); "
                        + "supervisord says " + supervisord.ctl("status") + "; see " + LOGS);
        assertThat(supervisord.state(PROGRAM)).isEqualTo("RUNNING");
        Poll.until(SYNC_LIMIT, () -> PORTS.stream().allMatch(port ->
                "ok".equals(redis.commandOn(STATE_DB, "HGET", "PORT_TABLE|" + port, "state"))),
                () -> "STATE_DB PORT_TABLE rows of " + PORTS + " (host interfaces in " + ns.name() + ")");

        long jvm = supervisord.pid(PROGRAM);
        assertThat(ProcessHandle.of(jvm).flatMap(p -> p.info().command()).orElse(""))
                .as("the program's process is the JVM itself (the launcher scripts exec it)").endsWith("/java");
        assertThat(pidFile()).as("karaf.pid with Karaf's runtime files").isEqualTo(jvm);
        String line = syslog.await(" portsyncd[" + jvm + "]: ", SYNC_LIMIT);
        System.out.println("[DebianPackageTest] syslog: " + line);
        assertThat(LOGS.resolve("karaf.log")).isRegularFile();
        firstStartGaveTheUsersPasswords();
    }

    /** Random passwords in a root-only file, their hashes only in users.properties. */
    private static void firstStartGaveTheUsersPasswords() throws IOException {
        assertThat(users()).as("users after the first start").containsOnlyKeys("admin", "operator", "viewer");
        assertThat(mode(INITIAL_CREDENTIALS)).isEqualTo("rw-------");
        Map<String, String> given = properties(INITIAL_CREDENTIALS);
        assertThat(given).containsOnlyKeys("admin", "operator", "viewer");
        String stored = Files.readString(USERS);
        given.values().forEach(password -> assertThat(stored).as("users.properties holds no password in clear")
                .doesNotContain(password));
    }

    /**
     * SIGTERM from supervisord: the clean-shutdown state file within 5 s, the JVM's exit before supervisord's
     * stopwaitsecs (no SIGKILL). The exit takes 2.5 to 3 s on an idle machine, 6 s under a load average of 20.
     */
    private static void stopsCleanlyWithinFiveSeconds(PrivateSupervisord supervisord) {
        ProcessHandle jvm = ProcessHandle.of(supervisord.pid(PROGRAM)).orElseThrow();
        long stopping = System.currentTimeMillis();
        assertThat(supervisord.ctl("stop", PROGRAM)).isEqualTo(PROGRAM + ": stopped");
        long stopped = System.currentTimeMillis() - stopping;
        assertThat(jvm.isAlive()).as("the JVM has exited when supervisord says stopped").isFalse();
        assertThat(supervisord.log()).as("supervisord never had to SIGKILL").doesNotContain("SIGKILL");
        long saved = assertCleanStateSavedSince(stopping, "supervisorctl stop") - stopping;
        System.out.printf("[DebianPackageTest] supervisorctl stop: clean state file after %d ms, stopped in %d ms%n",
                saved, stopped);
        assertThat(saved).as("supervisorctl stop to the clean state file, ms").isLessThanOrEqualTo(STOP_LIMIT.toMillis());
    }

    private static HitlessWitness upPortsWatched(RedisServer redis, NetNs ns) throws IOException {
        PORTS.forEach(ns::up);
        return new HitlessWitness(redis, ns, PORTS, PORTS);
    }

    /**
     * APPL_DB holds PortConfigDone, so a start is a resume: reconciled, STATE_DB made equal to the kernel (which
     * changed while it was down), and no deletion of a live port's row, no PortConfigDone, no admin-down.
     */
    private static void resumesWithoutAHit(PrivateSupervisord supervisord, RedisServer redis, HitlessWitness witness,
            String during) {
        redis.commandOn(STATE_DB, "DEL", "WARM_RESTART_TABLE|portsyncd");
        assertThat(supervisord.ctl("start", PROGRAM)).isEqualTo(PROGRAM + ": started");
        Poll.until(BOOT_LIMIT, () -> !"RUNNING".equals(supervisord.state(PROGRAM))
                || "reconciled".equals(redis.commandOn(STATE_DB, "HGET", "WARM_RESTART_TABLE|portsyncd", "state")),
                () -> "WARM_RESTART_TABLE|portsyncd state=reconciled after " + during + "; supervisord says "
                        + supervisord.ctl("status") + "; see " + LOGS);
        assertThat(supervisord.state(PROGRAM)).isEqualTo("RUNNING");
        witness.awaitStateDbEqualsKernel(PORTS, SYNC_LIMIT);
        witness.assertHitless(during);
    }

    private void upgradesKeepingConfigurationAndState(Path work) throws IOException {
        Path sentinel = DATA.resolve("cache/left-by-" + VERSION);
        Files.writeString(sentinel, "a file of the old bundle cache\n");
        Path newer = UpgradeBuild.repack(DEB, UPGRADE_VERSION, List.of(LOCALLY_CHANGED, UPSTREAM_CHANGED), work);
        String localDatabase = propertyLine(Path.of(LOCALLY_CHANGED), "database.config.path");
        Map<String, String> users = users();

        // what a non-interactive upgrade says: keep what the operator changed, take every other new default
        dpkg.install(newer, "--force-confdef", "--force-confold");

        assertThat(dpkg.status()).isEqualTo("install ok installed " + UPGRADE_VERSION);
        String marker = UpgradeBuild.marker(UPGRADE_VERSION);
        assertThat(Files.readString(Path.of(LOCALLY_CHANGED))).as("the locally changed conffile is kept")
                .contains(localDatabase).doesNotContain(marker);
        assertThat(Files.readString(Path.of(LOCALLY_CHANGED + ".dpkg-dist"))).as("the new default set aside")
                .contains(marker);
        assertThat(Files.readString(Path.of(UPSTREAM_CHANGED))).as("an unchanged conffile takes the new default")
                .contains(marker);
        assertThat(users()).as("the users and their passwords are kept").isEqualTo(users);
        assertThat(sentinel).as("the old bundle cache is dropped").doesNotExist();
        assertThat(STATE.resolve("port_state.json")).as("the port state is kept").isRegularFile();
        assertDirectories();
    }

    private void removeStopsItCleanlyAndKeepsConfigurationStateAndLogs(PrivateSupervisord supervisord, Path scripts)
            throws IOException {
        ProcessHandle jvm = ProcessHandle.of(supervisord.pid(PROGRAM)).orElseThrow();
        String localDatabase = propertyLine(Path.of(LOCALLY_CHANGED), "database.config.path");
        long removing = System.currentTimeMillis();

        String output = dpkg.remove();

        assertThat(output).contains("stopping portsyncd");
        assertThat(jvm.isAlive()).as("dpkg -r stopped the running JVM").isFalse();
        assertCleanStateSavedSince(removing, "dpkg -r");
        assertThat(dpkg.status()).isEqualTo("deinstall ok config-files " + UPGRADE_VERSION);
        assertThat(HOME).doesNotExist();
        assertThat(DATA).as("Karaf's runtime files").doesNotExist();
        assertThat(Files.readString(Path.of(LOCALLY_CHANGED))).as("conffiles stay").contains(localDatabase);
        assertThat(STATE.resolve("port_state.json")).as("the port state stays").isRegularFile();
        assertThat(LOGS.resolve("karaf.log")).as("the logs stay").isRegularFile();
        // again, as dpkg would after an interrupted remove: nothing more happens
        runScript(scripts, "prerm", "remove");
        runScript(scripts, "postrm", "remove");
        assertThat(Path.of(LOCALLY_CHANGED)).isRegularFile();
        assertThat(STATE.resolve("port_state.json")).isRegularFile();
    }

    private void purgeDeletesEverything(Path scripts) {
        dpkg.purge();
        assertThat(dpkg.status()).as("dpkg no longer knows the package").isEmpty();
        for (Path gone : List.of(HOME, ETC, DATA, LOGS, STATE)) {
            assertThat(gone).as("after --purge").doesNotExist();
        }
        runScript(scripts, "postrm", "purge");
        assertThat(ETC).doesNotExist();
    }

    /** @return when the state file was saved, in epoch milliseconds */
    private static long assertCleanStateSavedSince(long sinceMillis, String how) {
        LoadOutcome outcome;
        try (StateFileStore store = new StateFileStore(STATE, StoreSettings.defaults(), MetricsRecorder.NONE,
                Clock.systemUTC())) {
            outcome = store.load();
        }
        assertThat(outcome.source()).as("%s: the live state file loads %s", how, outcome.rejections())
                .isEqualTo("live");
        PortStateSnapshot snapshot = outcome.snapshot().orElseThrow();
        assertThat(snapshot.savedAtMillis()).as("%s: saved at the shutdown", how).isGreaterThanOrEqualTo(sinceMillis);
        assertThat(snapshot.cleanShutdown()).as("%s: a clean shutdown", how).isTrue();
        assertThat(snapshot.ports()).as("%s: the ports are in it", how).isNotEmpty();
        return snapshot.savedAtMillis();
    }

    private static void runScript(Path controlFiles, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(controlFiles.resolve(script).toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.tryRun(command, null);
        assertThat(result.exitCode()).as("%s %s again: %s", script, String.join(" ", args), result.output()).isZero();
    }

    /** The container's logs outlive the purge of a failed run, in the test's directory. */
    private static void keepLogs(Path copy) throws IOException {
        if (Files.isDirectory(LOGS)) {
            Processes.run(List.of("cp", "-r", LOGS.toString(), copy.toString()));
            System.out.println("[DebianPackageTest] the container's logs: " + copy);
        }
    }

    private static long pidFile() {
        try {
            return Long.parseLong(Files.readString(DATA.resolve("karaf.pid")).trim());
        } catch (IOException e) {
            throw new AssertionError("no karaf.pid in " + DATA, e);
        }
    }

    /** The users of users.properties (not its groups, {@code _g_:<name>}) with what is stored for each. */
    private static Map<String, String> users() throws IOException {
        Map<String, String> users = properties(USERS);
        users.keySet().removeIf(name -> name.startsWith("_g_:"));
        return users;
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }

    private static String propertyLine(Path file, String key) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not set in " + file));
    }

    private static Set<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            Set<String> paths = new TreeSet<>();
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> paths.add(p.toString()));
            return paths;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
