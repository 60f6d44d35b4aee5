package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm restarts of the whole daemon (SONiC DB client, netlink capture, lifecycle, state file, engine) on a real
 * redis-server and a real network namespace, watched from outside: MONITOR for what portsyncd sends, keyspace
 * notifications for every STATE_DB port row that is touched.
 */
class WarmRestartEndToEndTest extends EngineTestBase {
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
    private static final Logger LOG = LoggerFactory.getLogger(WarmRestartEndToEndTest.class);
    private static final String WARM_RESTART_ROW = "WARM_RESTART_TABLE|portsyncd";

    @TempDir
    Path stateDirectory;

    private OrchagentStandIn coldStartedSwitch(Daemon.Options options) {
        OrchagentStandIn orchagent = coldStartedSwitch(PORTS, options);
        assertThat(state.hexists(WARM_RESTART_ROW, "state")).as("a cold start writes no warm-restart state").isFalse();
        return orchagent;
    }

    private void awaitReconciled() {
        Poll.until(WAIT, () -> "reconciled".equals(state.hget(WARM_RESTART_ROW, "state")),
                () -> "WARM_RESTART_TABLE|portsyncd is " + row(state, WARM_RESTART_ROW));
    }

    @Test
    void sonicWarmStartCountsTheRestoreWritesNothingToApplDbAndReconciles() {
        OrchagentStandIn orchagent = coldStartedSwitch(Daemon.Options.defaults());
        int poppedBefore = orchagent.popped().size();
        state.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        state.hset(WARM_RESTART_ROW, "restore_count", "3");
        RedisMonitor monitor = monitor();
        KeyspaceNotifications rows = watchStatePortRows();

        Daemon daemon = startDaemon();
        awaitReconciled();

        assertThat(row(state, WARM_RESTART_ROW)).isEqualTo(Map.of("restore_count", "4", "state", "reconciled"));
        StartDecision decision = daemon.lifecycle.lastDecision().orElseThrow();
        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isFalse();
        assertThat(daemon.lifecycle.transitions()).extracting(StateTransition::to).containsExactly(
                LifecycleState.WARM_START, LifecycleState.INITIAL_SYNC_IN_PROGRESS,
                LifecycleState.INITIAL_SYNC_COMPLETE);
        assertThat(daemon.metrics.get(Counter.WARM_RESTART)).isEqualTo(1);
        assertThat(daemon.metrics.get(Counter.EOIU_DETECTED)).as("completed by our own end of dump").isEqualTo(1);
        assertThat(daemon.metrics.get(Counter.EOIU_TIMEOUT)).isZero();
        assertThat(daemon.metrics.samples(Histogram.INITIAL_SYNC_DURATION)).isEqualTo(1);

        await(() -> daemon.sync.status().portInitDone(), "PortInitDone, sent on a warm start too");
        await(() -> !orchagent.popped().subList(poppedBefore, orchagent.popped().size()).isEmpty(),
                "orchagent pops PortInitDone");
        assertThat(orchagent.popped().subList(poppedBefore, orchagent.popped().size()))
                .extracting(entry -> entry.key()).containsExactly("PortInitDone");
        List<MonitorLine> applWrites = monitor.commands(c -> c.db() == APPL_DB && RedisMonitor.WRITES.contains(c.name()));
        assertThat(applWrites).as("no port config replay and no PortConfigDone, by portsyncd or popped by orchagent")
                .noneMatch(c -> c.args().stream().anyMatch(arg -> arg.contains("Ethernet") || arg.contains("PortConfigDone")));
        assertThat(applWrites).filteredOn(c -> !c.lua() && !c.name().equals("EVALSHA")).as("no plain APPL_DB writes")
                .isEmpty();
        assertThat(applWrites).filteredOn(c -> !c.lua() && c.args().contains("PortInitDone")).hasSize(1);
        assertThat(rows.events()).as("nothing changed in the kernel, so no port row is touched").isEmpty();
    }

    @Test
    void warmStartDeletesPortsRemovedDuringTheRestartAndLeavesUnchangedPortsUntouched() {
        coldStartedSwitch(Daemon.Options.defaults());
        state.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        state.hset(WARM_RESTART_ROW, "restore_count", "0");
        state.hset("PORT_TABLE|Ethernet0", "host_tx_ready", "true");
        // while portsyncd is away: one port goes admin down, one netdev disappears, two stay as they were
        ns.down("Ethernet4");
        ns.delete("Ethernet8");
        KeyspaceNotifications rows = watchStatePortRows();
        RedisMonitor monitor = monitor();

        startDaemon();
        awaitReconciled();

        assertThat(rows.events()).extracting(KeyspaceNotifications.Event::key, KeyspaceNotifications.Event::op)
                .containsExactlyInAnyOrder(tuple("PORT_TABLE|Ethernet4", "hset"), tuple("PORT_TABLE|Ethernet8", "del"));
        assertThat(monitor.commands(c -> c.db() == STATE_DB && c.args().size() > 1
                && (c.arg(1).equals("PORT_TABLE|Ethernet0") || c.arg(1).equals("PORT_TABLE|Ethernet12"))))
                .as("unchanged ports are read at most, never written")
                .allMatch(c -> c.name().equals("HGETALL") || c.name().equals("EXISTS"));
        assertThat(state.exists("PORT_TABLE|Ethernet8")).isFalse();
        assertThat(portsyncdFields(stateRow("Ethernet4"))).isEqualTo(stateFields("down", "down", "1500"));
        assertThat(stateRow("Ethernet0")).containsEntry("host_tx_ready", "true");
        assertThat(stateDbMatchesKernel()).as(this::stateDbVersusKernel).isTrue();
    }

    @Test
    void hotSwapOfTheEngineIsHitless() throws Exception {
        Daemon.Options withStore = Daemon.Options.defaults().withStateDirectory(stateDirectory);
        OrchagentStandIn orchagent = coldStartedSwitch(withStore);
        Map<String, KernelLinks.Link> kernelBefore = KernelLinks.read(ns);
        int poppedBefore = orchagent.popped().size();
        KeyspaceNotifications rows = watchStatePortRows();
        RedisMonitor monitor = monitor();
        startDaemon(withStore);
        awaitReconciled();
        long slowestStopMillis = 0;
        long slowestStartMillis = 0;

        for (int swap = 1; swap <= 3; swap++) {
            // the kernel changes under the running engine, which is swapped at once
            ns.ip("link", "set", "Ethernet12", "mtu", Integer.toString(1500 + swap));
            state.hdel(WARM_RESTART_ROW, "state");
            long stopping = System.nanoTime();
            stopDaemon();
            long starting = System.nanoTime();
            Daemon daemon = startDaemon(withStore);
            awaitReconciled();
            slowestStopMillis = Math.max(slowestStopMillis, TimeUnit.NANOSECONDS.toMillis(starting - stopping));
            slowestStartMillis = Math.max(slowestStartMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));

            StartDecision decision = daemon.lifecycle.lastDecision().orElseThrow();
            assertThat(decision.mode()).as(decision.reason()).isEqualTo(RestartMode.WARM);
            assertThat(decision.hotSwap()).isTrue();
            assertThat(daemon.sync.status().portInitDone()).isTrue();
        }
        LOG.info("Hot swap of the daemon with {} ports, slowest of 3: stop {} ms, start to reconciled {} ms",
                PORTS.size(), slowestStopMillis, slowestStartMillis);

        assertThat(rows.events()).as("no live port is deleted").noneMatch(event -> event.op().equals("del"));
        assertThat(rows.events()).as("only the port whose MTU changed is written")
                .isNotEmpty().allMatch(event -> event.key().equals("PORT_TABLE|Ethernet12"));
        assertThat(monitor.commands(c -> c.db() == APPL_DB && RedisMonitor.WRITES.contains(c.name()) && c.args().stream()
                .anyMatch(arg -> arg.contains("PortConfigDone") || arg.contains("PortInitDone") || arg.contains("Ethernet"))))
                .as("no PortConfigDone, PortInitDone or port config replay").isEmpty();
        assertThat(orchagent.popped().subList(poppedBefore, orchagent.popped().size())).isEmpty();
        Map<String, KernelLinks.Link> kernelAfter = KernelLinks.read(ns);
        for (String port : PORTS) {
            assertThat(kernelAfter.get(port).adminUp()).as("%s is still admin up", port).isTrue();
            assertThat(kernelAfter.get(port).ifindex()).isEqualTo(kernelBefore.get(port).ifindex());
        }
        assertThat(portsyncdFields(stateRow("Ethernet12"))).isEqualTo(stateFields("up", "up", "1503"));
        Poll.until(WAIT, this::stateDbMatchesKernel, this::stateDbVersusKernel);
    }
}
