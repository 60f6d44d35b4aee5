package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.Test;

/**
 * The container has no shutdown port: Karaf's default (a loopback port in {@code data/port} that stops the
 * container when sent the command of {@code etc/config.properties}, which any local user could do) is disabled
 * with {@code karaf.shutdown.port = -1}. The container is stopped by SIGTERM, as a supervisor and {@code bin/stop}
 * send it; each stop is checked to be clean (the engine's clean-shutdown state file written) within 10 s. Plain
 * test: the assembly runs as {@code bin/karaf server}.
 */
public class ShutdownPortTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4");
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    /** {@code st} of a listening socket in {@code /proc/net/tcp}. */
    private static final String TCP_LISTEN = "0A";

    @Test
    public void noShutdownPortListensAndSigtermOrBinStopStopsTheContainerCleanly() throws Exception {
        Path work = Files.createTempDirectory("portsyncd-shutdown-");
        Path state = work.resolve("state");
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("psd-stop");
                KarafInstance karaf = KarafInstance.unpack(ASSEMBLY, work,
                        redis.writeDatabaseConfig(work.resolve("database_config.json"), true), ns.name(), state)) {
            ColdStartedSwitch sonic = new ColdStartedSwitch(redis, ns, PORTS);
            sonic.flushAsSwssDoes();
            karaf.start();
            sonic.awaitSynced(karaf::isRunning, karaf.logDirectory());
            ProcessHandle jvm = karaf.jvm().orElseThrow();
            Path portFile = karaf.home().resolve("data/port");
            assertTrue("no shutdown port file, or a disabled one: " + portFile, !Files.exists(portFile)
                    || "-1".equals(Files.readString(portFile).trim()));
            Set<Integer> listening = listeningPorts(jvm.pid());
            Set<Integer> configured = configuredPorts(karaf.home());
            System.out.printf("[ShutdownPortTest] the container listens on %s; configured %s%n", listening, configured);
            assertTrue("the container listens only on its configured ports " + configured + ", not on a shutdown "
                    + "port: " + listening, configured.containsAll(listening));
            assertEquals("bin/stop finds the JVM in the pid file", Long.toString(jvm.pid()),
                    Files.readString(karaf.home().resolve("karaf.pid")).trim());

            long sigterm = System.currentTimeMillis();
            jvm.destroy();
            long stopped = awaitGone(jvm, karaf::isRunning, "the container after SIGTERM to its JVM");
            assertCleanShutdownSavedSince(state, sigterm, "SIGTERM to the JVM");

            sonic.flushAsSwssDoes();
            karaf.start();
            sonic.awaitSynced(karaf::isRunning, karaf.logDirectory());
            long binStop = System.currentTimeMillis();
            long stopMillis = karaf.stop();
            assertTrue("bin/stop ended the container (no kill needed)", stopMillis >= 0);
            assertTrue("bin/stop ended the container within " + STOP_LIMIT + ": " + stopMillis + " ms",
                    stopMillis <= STOP_LIMIT.toMillis());
            assertCleanShutdownSavedSince(state, binStop, "bin/stop");
            System.out.printf("[ShutdownPortTest] stopped cleanly %d ms after SIGTERM, %d ms after bin/stop%n",
                    stopped, stopMillis);
        }
        deleteTree(work);
    }

    /**
     * What supervisord does with {@code stopasgroup=true}: SIGTERM to the process group of the {@code bin/karaf
     * server} it started (the script and its JVM; the script alone would leave the JVM running).
     */
    @Test
    public void sigtermToTheProcessGroupAsASupervisorSendsItStopsTheContainerCleanly() throws Exception {
        Path work = Files.createTempDirectory("portsyncd-group-stop-");
        Path state = work.resolve("state");
        Process launcher = null;
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("psd-grp");
                KarafInstance karaf = KarafInstance.unpack(ASSEMBLY, work,
                        redis.writeDatabaseConfig(work.resolve("database_config.json"), true), ns.name(), state)) {
            ColdStartedSwitch sonic = new ColdStartedSwitch(redis, ns, PORTS);
            sonic.flushAsSwssDoes();
            // a session and process group of its own, as a supervisor's child has
            launcher = new ProcessBuilder("setsid", karaf.home().resolve("bin/karaf").toString(), "server")
                    .redirectErrorStream(true).redirectOutput(work.resolve("karaf-group.out").toFile()).start();
            Process running = launcher;
            sonic.awaitSynced(running::isAlive, karaf.logDirectory());
            assertFalse("the first start's boot-feature install stopped bundles to refresh them (a refresh that could "
                    + "hang the boot); see " + karaf.logDirectory(),
                    Files.readString(karaf.logDirectory().resolve("karaf.log")).contains("Stopping bundles:"));
            ProcessHandle jvm = running.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst().orElseThrow();
            long group = processGroup(jvm.pid());
            assertTrue("the container has a process group of its own", group != processGroup(ProcessHandle.current().pid()));

            long sigterm = System.currentTimeMillis();
            Processes.run(List.of("kill", "-TERM", "--", "-" + group));
            long stopped = awaitGone(jvm, running::isAlive, "the container after SIGTERM to its process group");
            assertCleanShutdownSavedSince(state, sigterm, "SIGTERM to the process group");
            System.out.printf("[ShutdownPortTest] process group stopped cleanly %d ms after SIGTERM%n", stopped);
        } finally {
            if (launcher != null) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
        deleteTree(work);
    }

    /** Milliseconds until the JVM and its launcher are gone; fails after {@link #STOP_LIMIT}. */
    private static long awaitGone(ProcessHandle jvm, java.util.function.BooleanSupplier launcherAlive, String what) {
        long start = System.nanoTime();
        Poll.until(STOP_LIMIT, () -> !jvm.isAlive() && !launcherAlive.getAsBoolean(), what + " to exit");
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static void assertCleanShutdownSavedSince(Path state, long sinceMillis, String how) {
        LoadOutcome outcome;
        try (StateFileStore store = new StateFileStore(state, StoreSettings.defaults(), MetricsRecorder.NONE,
                Clock.systemUTC())) {
            outcome = store.load();
        }
        assertEquals(how + ": the live file loads " + outcome.rejections(), "live", outcome.source());
        PortStateSnapshot snapshot = outcome.snapshot().orElseThrow();
        assertTrue(how + ": the engine saved the state at its shutdown", snapshot.savedAtMillis() >= sinceMillis);
        assertTrue(how + ": the saved state says the shutdown was clean", snapshot.cleanShutdown());
        assertFalse(how + ": the saved state knows the ports", snapshot.ports().isEmpty());
    }

    /** The TCP ports a process listens on: its socket inodes matched against /proc/net/tcp and tcp6. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // a descriptor closed while listed
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (TCP_LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** JMX (RMI registry and server), SSH and HTTP, as the assembly's configuration names them. */
    private static Set<Integer> configuredPorts(Path home) throws IOException {
        Set<Integer> ports = new TreeSet<>();
        Properties management = properties(home.resolve("etc/org.apache.karaf.management.cfg"));
        ports.add(Integer.parseInt(management.getProperty("rmiRegistryPort").trim()));
        ports.add(Integer.parseInt(management.getProperty("rmiServerPort").trim()));
        ports.add(Integer.parseInt(properties(home.resolve("etc/org.apache.karaf.shell.cfg"))
                .getProperty("sshPort").trim()));
        ports.add(Integer.parseInt(properties(home.resolve("etc/org.ops4j.pax.web.cfg"))
                .getProperty("org.osgi.service.http.port").trim()));
        return ports;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Field 5 of /proc/&lt;pid&gt;/stat, after the command in parentheses. */
    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
