package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.Test;

/**
 * The whole container SIGKILLed while its engine writes link changes and saves the port state, again and again:
 * after every kill the state directory holds a state that loads (the live file, or a backup promoted in its place)
 * and nothing but the store's own files, and the container starts again on it, cold, since APPL_DB is flushed
 * before each start as swss does on a cold start (the resume after a kill while SONiC runs on is
 * {@code ContainerRestartDrillsTest}'s); SAI's part is played by recreating the host interfaces after each start.
 * An orderly stop at the end leaves a live file marked clean. Plain test: the assembly runs as {@code bin/karaf
 * server}, as a service manager runs it.
 */
public class ContainerKillTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final int KILLS = Integer.getInteger("portsyncd.container.kills", 5);
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
    /** Temporary files of the store and the metrics file: what a kill in the middle of a write may leave behind. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(port_state|metrics).*\\.tmp");

    @Test
    public void sigkillDuringStateSavesLeavesALoadableStateAndTheContainerStartsAgain() throws Exception {
        Path work = Files.createTempDirectory("portsyncd-kill-");
        Path state = work.resolve("state");
        Random random = new Random(KILLS);
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("psd-kill");
                KarafInstance karaf = KarafInstance.unpack(ASSEMBLY, work,
                        redis.writeDatabaseConfig(work.resolve("database_config.json"), true), ns.name(), state)) {
            ColdStartedSwitch sonic = new ColdStartedSwitch(redis, ns, PORTS);
            for (int kill = 1; kill <= KILLS; kill++) {
                int number = kill;
                long savedBefore = liveFileMillis(state);
                startAndSync(karaf, sonic);
                try (LinkFlapper flapper = new LinkFlapper(ns, PORTS)) {
                    Poll.until(ColdStartedSwitch.SYNC_LIMIT, () -> liveFileMillis(state) > savedBefore,
                            "a state save by the container started for kill " + number);
                    long killAfter = flapper.flaps() + 1 + random.nextInt(60);
                    Poll.until(ColdStartedSwitch.SYNC_LIMIT, () -> flapper.flaps() >= killAfter,
                            "link changes before the kill");
                    karaf.kill();
                }
                assertLoadsAfterKill(state, kill);
            }
            startAndSync(karaf, sonic);
            assertTrue("bin/stop ended the container", karaf.stop() >= 0);
            LoadOutcome last = load(state);
            assertEquals("the orderly stop saved the live file: " + last.rejections(), "live", last.source());
            assertTrue("the live file says the shutdown was clean",
                    last.snapshot().map(PortStateSnapshot::cleanShutdown).orElse(false));
        }
        deleteTree(work);
    }

    /**
     * Starts the container and waits until its engine has done a cold start (a fresh PortConfigDone in APPL_DB)
     * and follows the host interfaces created after it, as syncd creates them, up to their STATE_DB rows.
     */
    private static void startAndSync(KarafInstance karaf, ColdStartedSwitch sonic) throws IOException {
        sonic.flushAsSwssDoes();
        karaf.start();
        sonic.awaitSynced(karaf::isRunning, karaf.logDirectory());
    }

    private static void assertLoadsAfterKill(Path state, int kill) throws IOException {
        LoadOutcome outcome = load(state);
        assertTrue("kill " + kill + ": a saved state loads (" + outcome.source() + ", " + outcome.rejections() + ")",
                outcome.snapshot().isPresent());
        assertFalse("kill " + kill + ": a killed container never leaves a clean-shutdown mark",
                outcome.snapshot().get().cleanShutdown());
        List<String> foreign = new ArrayList<>();
        long temporaries;
        Path backups = state.resolve(StateFileStore.BACKUP_DIRECTORY_NAME);
        try (Stream<Path> files = Stream.concat(Files.list(state),
                Files.isDirectory(backups) ? Files.list(backups) : Stream.empty())) {
            List<String> names = files.map(file -> file.getFileName().toString()).toList();
            temporaries = names.stream().filter(name -> TEMPORARY.matcher(name).matches()).count();
            names.stream().filter(name -> !name.equals(StateFileStore.LIVE_FILE_NAME)
                    && !name.equals(StateFileStore.BACKUP_DIRECTORY_NAME) && !name.startsWith("port_state_")
                    && !name.startsWith("metrics") && !TEMPORARY.matcher(name).matches()).forEach(foreign::add);
        }
        assertTrue("kill " + kill + ": only the store's own files in the state directory: " + foreign,
                foreign.isEmpty());
        System.out.printf("[ContainerKillTest] kill %d: state loaded from %s, %d temporary file(s) left by the kill%n",
                kill, outcome.source(), temporaries);
    }

    private static LoadOutcome load(Path state) {
        try (StateFileStore store = new StateFileStore(state, StoreSettings.defaults(), MetricsRecorder.NONE,
                Clock.systemUTC())) {
            return store.load();
        }
    }

    private static long liveFileMillis(Path state) {
        try {
            return Files.getLastModifiedTime(state.resolve(StateFileStore.LIVE_FILE_NAME)).toMillis();
        } catch (IOException missing) {
            return 0;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
