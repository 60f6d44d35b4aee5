package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm path: SONiC's warm start (§3.3, behaviours 5-7, 21, 28) and the hot swap of the engine with its state
 * file, both reconciling STATE_DB after the initial sync instead of rewriting it.
 */
class WarmPathTest extends EngineTestBase {
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8");

    @TempDir
    Path stateDirectory;

    /** A switch after a cold start: ports configured, popped, their netdevs created and in STATE_DB. */
    private OrchagentStandIn coldStartedSwitch(Daemon.Options options) {
        configurePorts(PORTS.toArray(String[]::new));
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        Daemon daemon = startDaemon(options);
        await(() -> daemon.sync.status().portInitDone(), "PortInitDone after the cold start");
        for (String port : PORTS) {
            awaitStateRow(port, stateFields("down", "down", "1500"));
        }
        stopDaemon();
        return orchagent;
    }

    private void enableWarmStart(String knob) {
        state.hset("WARM_RESTART_ENABLE_TABLE|" + knob, "enable", "true");
    }

    private static List<MonitorLine> portConfigReplays(RedisMonitor monitor) {
        return monitor.commands(c -> c.db() == APPL_DB && (c.name().equals("EVALSHA") || c.lua() && c.name().equals("SADD"))
                && c.args().stream().anyMatch(arg -> arg.startsWith("Ethernet") || arg.equals("PortConfigDone")));
    }

    @Test
    void behaviour05_warmStartDoesNotReplayPortConfig() throws Exception {
        coldStartedSwitch(Daemon.Options.defaults());
        enableWarmStart("swss");
        state.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "3");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            Daemon daemon = startDaemonAndWait();
            await(() -> "reconciled".equals(state.hget("WARM_RESTART_TABLE|portsyncd", "state")), "state=reconciled");

            assertThat(daemon.sync.status().mode()).isEqualTo(RestartMode.WARM);
            assertThat(portConfigReplays(monitor)).isEmpty();
            assertThat(state.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("4");
        }
    }

    @Test
    void behaviour06_systemKnobAloneMeansWarm() throws Exception {
        coldStartedSwitch(Daemon.Options.defaults());
        enableWarmStart("system");
        state.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "1");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            Daemon daemon = startDaemonAndWait();

            assertThat(daemon.sync.status().mode()).isEqualTo(RestartMode.WARM);
            assertThat(state.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("2");
            assertThat(portConfigReplays(monitor)).isEmpty();
        }
    }

    @Test
    void behaviour07_warmRequestedButDatabaseFlushedMeansCold() {
        configurePorts("Ethernet0");
        enableWarmStart("swss");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemonAndWait();

        assertThat(daemon.sync.status().mode()).isEqualTo(RestartMode.COLD);
        assertThat(row(state, "WARM_RESTART_TABLE|portsyncd")).containsExactlyEntriesOf(Map.of("restore_count", "0"));
        await(() -> !orchagent.popped("PortConfigDone").isEmpty(), "the cold start writes PortConfigDone");
        assertThat(orchagent.popped("Ethernet0")).hasSize(1);
    }

    @Test
    void behaviour21_warmStartKeepsExistingNetdevsAndSyncsThem() {
        coldStartedSwitch(Daemon.Options.defaults());
        ns.up("Ethernet4");
        enableWarmStart("swss");
        state.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "0");
        Daemon daemon = startDaemonAndWait();

        awaitStateRow("Ethernet4", stateFields("down", "up", "1500"));
        assertThat(KernelLinks.read(ns).get("Ethernet4").adminUp()).isTrue();
        assertThat(daemon.metrics.get(net.sonic.portsyncd.api.metrics.Counter.NETLINK_IGNORED_OLD_IFINDEX)).isZero();
        await(() -> daemon.sync.status().portInitDone(), "PortInitDone is sent on a warm start too");
    }

    @Test
    void behaviour28_warmRestartOfPortsyncdAloneIsHitless() throws Exception {
        OrchagentStandIn orchagent = coldStartedSwitch(Daemon.Options.defaults());
        int poppedBefore = orchagent.popped().size();
        enableWarmStart("swss");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            startDaemonAndWait();
            await(() -> "reconciled".equals(state.hget("WARM_RESTART_TABLE|portsyncd", "state")), "state=reconciled");

            assertThat(state.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("1");
            assertThat(portConfigReplays(monitor)).isEmpty();
            assertThat(monitor.commands(c -> c.is(STATE_DB, "DEL") || c.is(STATE_DB, "HSET")
                    && c.arg(1).startsWith("PORT_TABLE|"))).isEmpty();
            assertThat(orchagent.popped().subList(poppedBefore, orchagent.popped().size()))
                    .noneMatch(entry -> entry.key().startsWith("Ethernet"));
        }
        assertThat(KernelLinks.read(ns).values()).filteredOn(link -> link.name().startsWith("Ethernet"))
                .hasSize(3);
    }

    @Test
    void hotSwapWritesOnlyWhatChangedAndDeletesGonePorts() throws Exception {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        coldStartedSwitch(withStore);
        // while the engine is away: one port goes up, one netdev disappears
        ns.up("Ethernet4");
        ns.delete("Ethernet8");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            Daemon daemon = startDaemon(withStore);
            await(() -> "reconciled".equals(state.hget("WARM_RESTART_TABLE|portsyncd", "state")), "state=reconciled");

            assertThat(daemon.lifecycle.lastDecision().orElseThrow().hotSwap()).isTrue();
            List<MonitorLine> portWrites = monitor.commands(c -> c.db() == STATE_DB
                    && (c.name().equals("HSET") || c.name().equals("DEL")) && c.arg(1).startsWith("PORT_TABLE|"));
            assertThat(portWrites).extracting(c -> c.name() + " " + c.arg(1))
                    .containsExactlyInAnyOrder("HSET PORT_TABLE|Ethernet4", "DEL PORT_TABLE|Ethernet8");
            assertThat(portConfigReplays(monitor)).isEmpty();
            assertThat(monitor.commands(c -> c.args().contains("PortInitDone") && c.name().equals("EVALSHA"))).isEmpty();
            assertThat(daemon.sync.status().portInitDone()).isTrue();
        }
        assertThat(portsyncdFields(stateRow("Ethernet4"))).isEqualTo(stateFields("down", "up", "1500"));
        assertThat(state.exists("PORT_TABLE|Ethernet8")).isFalse();
        assertThat(KernelLinks.read(ns).get("Ethernet4").adminUp()).isTrue();
    }

    @Test
    void operatorsSeeThePortsAndCanSaveTheStateFile() throws Exception {
        configurePorts(PORTS.toArray(String[]::new));
        startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        Daemon daemon = startDaemon(Daemon.Options.defaults().withStateDirectory(stateDirectory));
        await(() -> daemon.sync.ports().size() == PORTS.size(), "the engine knows every port");
        ns.up("Ethernet4");
        await(() -> daemon.sync.ports().get(1).adminUp(), "Ethernet4 is seen admin up");

        assertThat(daemon.sync.ports()).extracting(view -> view.name()).containsExactly("Ethernet0", "Ethernet4",
                "Ethernet8");
        var ethernet4 = daemon.sync.ports().get(1);
        assertThat(ethernet4.ifindex()).isEqualTo(ns.ifindex("Ethernet4"));
        assertThat(ethernet4.operUp()).isFalse();
        assertThat(ethernet4.mtu()).isEqualTo(1500);
        assertThat(ethernet4.lastChangeMillis()).isPositive();
        var status = daemon.sync.status();
        assertThat(status.running()).isTrue();
        assertThat(status.knownPorts()).isEqualTo(3);
        assertThat(status.redisAvailable()).isTrue();

        assertThat(daemon.sync.saveStateNow()).isTrue();
        var saved = daemon.store.load().snapshot().orElseThrow();
        assertThat(saved.ports().keySet()).containsExactlyElementsOf(PORTS);
        assertThat(saved.ports().get("Ethernet4").adminUp()).isTrue();
        assertThat(saved.cleanShutdown()).isFalse();
        assertThat(saved.portInitDone()).isEqualTo(status.portInitDone());
    }

    @Test
    void hotSwapUnderFlappingLinksEndsEqualToTheKernel() throws Exception {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        coldStartedSwitch(withStore);
        AtomicBoolean flapping = new AtomicBoolean(true);
        Thread flapper = new Thread(() -> {
            int round = 0;
            while (flapping.get()) {
                List<String> lines = new ArrayList<>();
                for (String port : PORTS) {
                    lines.add("link set " + port + (round % 2 == 0 ? " up" : " down"));
                }
                ns.batch(lines);
                round++;
            }
        }, "test-flapper");
        flapper.start();
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            for (int swap = 0; swap < 3; swap++) {
                Daemon daemon = startDaemon(withStore);
                await(() -> daemon.sync.status().running() && daemon.lifecycle.state()
                        == net.sonic.portsyncd.api.warm.LifecycleState.INITIAL_SYNC_COMPLETE, "initial sync complete");
                stopDaemon();
            }
            startDaemon(withStore);
            flapping.set(false);
            flapper.join(10_000);
            net.sonic.portsyncd.testkit.Poll.until(WAIT, this::stateDbMatchesKernel, this::stateDbVersusKernel);
            assertThat(monitor.commands(c -> c.is(STATE_DB, "DEL"))).isEmpty();
            assertThat(portConfigReplays(monitor)).isEmpty();
        } finally {
            flapping.set(false);
            flapper.join(10_000);
        }
    }
}
