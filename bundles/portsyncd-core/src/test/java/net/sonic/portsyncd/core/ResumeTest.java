package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of portsyncd alone while SONiC runs on (APPL_DB still holds PortConfigDone) is a resume whatever the
 * state file says — missing, corrupt, written by a crash, too old: no port configuration replay, no PortConfigDone
 * or PortInitDone, no admin-down of a netdev, and STATE_DB brought in line with the kernel by writing only what
 * differs. Watched from outside: MONITOR for what reaches APPL_DB, keyspace notifications for every STATE_DB port
 * row touched, the kernel for admin states.
 */
class ResumeTest extends EngineTestBase {
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");

    @TempDir
    Path stateDirectory;

    /**
     * Starts the engine again and checks what a resume must leave: the engine running with the decision named (and
     * the state file's verdict), nothing replayed, nothing taken down, STATE_DB equal to the kernel, no live port's
     * row deleted. Returns the STATE_DB port rows the start touched.
     */
    private List<KeyspaceNotifications.Event> restartAndAssertResumedHitlessly(Daemon.Options options, String stateFile) {
        Map<String, KernelLinks.Link> kernelBefore = KernelLinks.read(ns);
        KeyspaceNotifications rows = watchStatePortRows();
        RedisMonitor monitor = monitor();

        Daemon daemon = startDaemon(options);

        awaitRunning(daemon);
        StartDecision decision = daemon.lifecycle.lastDecision().orElseThrow();
        assertThat(decision.mode()).as(decision.reason()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isTrue();
        assertThat(decision.reason()).startsWith("resume: APPL_DB holds PORT_TABLE:PortConfigDone (count=4)")
                .contains(stateFile);
        Poll.until(WAIT, this::stateDbMatchesKernel, this::stateDbVersusKernel);
        assertThat(daemon.sync.status().portInitDone()).as("PortInitDone found in APPL_DB").isTrue();
        assertThat(monitor.commands(c -> c.db() == APPL_DB && RedisMonitor.WRITES.contains(c.name())))
                .as("no port configuration replay, no PortConfigDone, no PortInitDone").isEmpty();
        Map<String, KernelLinks.Link> kernelAfter = KernelLinks.read(ns);
        for (Map.Entry<String, KernelLinks.Link> before : kernelBefore.entrySet()) {
            KernelLinks.Link after = kernelAfter.get(before.getKey());
            if (after != null) {
                assertThat(after.adminUp()).as("%s keeps its admin state", before.getKey())
                        .isEqualTo(before.getValue().adminUp());
            }
        }
        List<KeyspaceNotifications.Event> events = rows.events();
        assertThat(events).as("no live port row is deleted")
                .noneMatch(event -> event.op().equals("del") && kernelAfter.containsKey(portOf(event)));
        return events;
    }

    private static String portOf(KeyspaceNotifications.Event event) {
        return event.key().substring("PORT_TABLE|".length());
    }

    @Test
    void aRestartWithNoStateFileAtAllResumesAndWritesOnlyWhatChanged() {
        coldStartedSwitch(PORTS, Daemon.Options.defaults());
        // while portsyncd is away: one port goes admin down, one netdev disappears, two stay as they were
        ns.down("Ethernet4");
        ns.delete("Ethernet8");
        List<KeyspaceNotifications.Event> rows = restartAndAssertResumedHitlessly(Daemon.Options.defaults(),
                "state file not used: no state store is bound");

        assertThat(rows).extracting(KeyspaceNotifications.Event::key, KeyspaceNotifications.Event::op)
                .containsExactlyInAnyOrder(tuple("PORT_TABLE|Ethernet4", "hset"), tuple("PORT_TABLE|Ethernet8", "del"));
    }

    @Test
    void aRestartOnACorruptStateFileResumes() throws IOException {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        coldStartedSwitch(PORTS, withStore);
        try (var backups = Files.walk(stateDirectory)) {
            for (Path file : backups.filter(Files::isRegularFile).toList()) {
                Files.write(file, new byte[] {'{', 0, (byte) 0xff});
            }
        }
        ns.down("Ethernet12");
        List<KeyspaceNotifications.Event> rows = restartAndAssertResumedHitlessly(withStore,
                "state file not used: no valid state file");

        assertThat(rows).extracting(KeyspaceNotifications.Event::key, KeyspaceNotifications.Event::op)
                .containsExactly(tuple("PORT_TABLE|Ethernet12", "hset"));
    }

    /** A crash leaves a file without a clean shutdown; the resume does not care. */
    @Test
    void aRestartAfterACrashResumes() throws IOException {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        coldStartedSwitch(PORTS, withStore);
        try (StateFileStore store = new StateFileStore(stateDirectory, StoreSettings.defaults(), new CountingMetrics(),
                Clock.systemUTC())) {
            PortStateSnapshot clean = store.load().snapshot().orElseThrow();
            store.save(new PortStateSnapshot(clean.savedAtMillis(), clean.bootId(), false, clean.portInitDone(),
                    clean.ports()));
        }
        List<KeyspaceNotifications.Event> rows = restartAndAssertResumedHitlessly(withStore,
                "state file not used: it was not written by a clean shutdown");

        assertThat(rows).as("nothing changed in the kernel: no row touched").isEmpty();
    }

    /** What status says of PortConfigDone and PortInitDone is what APPL_DB holds, after a resume too. */
    @Test
    void statusSaysWhatApplDbHolds() {
        coldStartedSwitch(PORTS, Daemon.Options.defaults());
        Daemon daemon = startDaemon();
        awaitRunning(daemon);
        assertThat(daemon.sync.status().portConfigDone()).as("found by the resume").isTrue();
        assertThat(daemon.sync.status().portInitDone()).as("found by the resume").isTrue();

        redis().commandOn(APPL_DB, "DEL", "PORT_TABLE:PortInitDone", "_PORT_TABLE:PortInitDone");

        await(() -> !daemon.sync.status().portInitDone(), "PortInitDone taken from APPL_DB is reported gone");
        assertThat(daemon.sync.status().portConfigDone()).isTrue();
    }

    /** A flushed APPL_DB is swss's cold start: portsyncd starts cold too, exactly as the reference does. */
    @Test
    void withoutPortConfigDoneInApplDbTheStartIsCold() {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        coldStartedSwitch(PORTS, withStore);
        redis().commandOn(APPL_DB, "FLUSHDB");
        RedisMonitor monitor = monitor();

        Daemon daemon = startDaemon(withStore);
        awaitRunning(daemon);

        StartDecision decision = daemon.lifecycle.lastDecision().orElseThrow();
        assertThat(decision.mode()).as(decision.reason()).isEqualTo(RestartMode.COLD);
        assertThat(decision.reason()).startsWith("cold: APPL_DB has no PORT_TABLE:PortConfigDone")
                .doesNotContain("state file used");
        assertThat(monitor.commands(c -> c.db() == APPL_DB && c.args().stream()
                .anyMatch(arg -> arg.contains("PortConfigDone")))).as("PortConfigDone written again").isNotEmpty();
        Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
        assertThat(PORTS).as("the netdevs of the previous run are set admin down")
                .allSatisfy(port -> assertThat(kernel.get(port).adminUp()).isFalse());
    }
}
