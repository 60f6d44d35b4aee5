package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;

/**
 * Where the daemon does better than the reference (which exits on a Redis error and never re-dumps after a
 * netlink overrun, §6 behaviours 35 and 36): Redis outages, overruns, operator resyncs, hostile STATE_DB keys.
 * Outages and overruns raise their alarm while they last.
 */
class ResilienceTest extends EngineTestBase {
    private static final int PORT_COUNT = 32;

    private List<String> randomChanges(Random random, int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add("link set Ethernet" + random.nextInt(PORT_COUNT) * 4 + (random.nextBoolean() ? " up" : " down"));
        }
        return lines;
    }

    @Test
    void redisOutageDuringLinkChangesEndsEqualToTheKernel() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.TAP, Daemon.Options.defaults()
                .withSettings(SyncSettings.defaults().withQueueCapacity(64)));
        redis().command("SAVE");
        redis().kill();
        long killedAt = System.nanoTime();
        Random random = new Random(35);
        int changes = 0;
        // 2,000 link changes spread over the 5 s outage
        for (int round = 1; round <= 20; round++) {
            ns.batch(randomChanges(random, 100));
            changes += 100;
            long dueAt = killedAt + TimeUnit.MILLISECONDS.toNanos(250L * round);
            LockSupport.parkNanos(Math.max(0, dueAt - System.nanoTime()));
        }
        assertThat(changes).isEqualTo(2_000);
        await(() -> !daemon.sync.status().redisAvailable(), "the engine notices the outage");
        assertThat(daemon.sync.status().running()).isTrue();
        assertThat(daemon.sync.status().backlogPorts()).isPositive();
        assertThat(daemon.alarms.active(AlarmType.REDIS_DOWN)).isTrue();
        assertThat(daemon.alarms.raises(AlarmType.REDIS_DOWN)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.CRITICAL);
            assertThat(raise.details().get("database")).isIn("APPL_DB", "STATE_DB");
            assertThat(raise.details().get("error")).isNotBlank();
            assertThat(Integer.parseInt(raise.details().get("portsWaiting"))).isNotNegative();
        });

        redis().restart();
        reconnectClients();
        Poll.until(Duration.ofSeconds(2), this::stateDbMatchesKernel, this::stateDbVersusKernel);

        await(() -> daemon.sync.status().redisAvailable(), "the engine sees Redis again");
        assertThat(daemon.alarms.active(AlarmType.REDIS_DOWN)).isFalse();
        assertThat(daemon.alarms.raises(AlarmType.REDIS_DOWN)).hasSize(1);
        assertThat(daemon.metrics.get(Counter.REDIS_OUTAGES)).isEqualTo(1);
        assertThat(daemon.metrics.get(Counter.REDIS_RECONNECTS)).isEqualTo(1);
        assertThat(daemon.metrics.get(Counter.COALESCED_UPDATES)).isPositive();
        assertThat(daemon.sync.status().backlogPorts()).isZero();
    }

    @Test
    void netlinkOverrunEndsEqualToTheKernel() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.TAP, Daemon.Options.defaults().withReceiveBuffer(2048));
        Random random = new Random(36);
        ns.batch(randomChanges(random, 10_000));

        Poll.until(Duration.ofSeconds(20), () -> daemon.capture.statistics().resyncs() > 0 && stateDbMatchesKernel(),
                () -> "overruns " + daemon.capture.statistics().overruns() + ", resyncs "
                        + daemon.capture.statistics().resyncs() + "; " + stateDbVersusKernel());
        assertThat(daemon.capture.statistics().overruns()).isPositive();
        await(() -> !daemon.alarms.active(AlarmType.NETLINK_OVERRUN), "the resync clears NETLINK_OVERRUN");
        assertThat(daemon.alarms.raises(AlarmType.NETLINK_OVERRUN)).isNotEmpty();
    }

    @Test
    void redisDownAtStartIsWaitedFor() {
        configurePorts("Ethernet0", "Ethernet4");
        redis().command("SAVE");
        redis().kill();
        Daemon daemon = startDaemon();
        awaitCounter(daemon, Counter.REDIS_ERRORS, 2);
        assertThat(daemon.sync.status().running()).isFalse();
        assertThat(daemon.alarms.raises(AlarmType.REDIS_DOWN)).singleElement()
                .satisfies(raise -> assertThat(raise.details()).containsEntry("portsWaiting", "0"));

        redis().restart();
        reconnectClients();
        awaitRunning(daemon);
        assertThat(daemon.alarms.active(AlarmType.REDIS_DOWN)).isFalse();
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        await(() -> !orchagent.popped("PortConfigDone").isEmpty(), "PortConfigDone once Redis answers");
        awaitStateRow("Ethernet4", stateFields("down", "down", "1500"));
    }

    @Test
    void operatorResyncRepairsStateDb() throws Exception {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.TAP, Daemon.Options.defaults());
        // someone else damages STATE_DB behind the engine's back
        state.hset("PORT_TABLE|Ethernet0", "admin_status", "up");
        state.hset("PORT_TABLE|Ethernet124", "mtu", "1");
        state.hset("PORT_TABLE|Ethernet200", java.util.Map.of("state", "ok", "netdev_oper_status", "up"));
        state.hset("PORT_TABLE|Ethernet204", "host_tx_ready", "true");

        ResyncResult result = daemon.sync.resync().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(result.rowsDeleted()).isEqualTo(1);
        assertThat(result.linksSeen()).isGreaterThan(PORT_COUNT);
        assertThat(state.exists("PORT_TABLE|Ethernet200")).isFalse();
        // a row without portsyncd's fields belongs to someone else
        assertThat(state.exists("PORT_TABLE|Ethernet204")).isTrue();
        state.del("PORT_TABLE|Ethernet204");
        assertThat(stateDbMatchesKernel()).as(this::stateDbVersusKernel).isTrue();
    }

    @Test
    void aStateDbKeyOfTheWrongTypeCostsOnlyItsOwnUpdate() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.TAP, Daemon.Options.defaults());
        state.del("PORT_TABLE|Ethernet4");
        state.set("PORT_TABLE|Ethernet4", "not a hash");
        long errors = daemon.metrics.get(Counter.REDIS_ERRORS);

        ns.batch(List.of("link set Ethernet4 up", "link set Ethernet0 up"));
        awaitStateRow("Ethernet0", stateFields("down", "up", "1500"));
        awaitCounter(daemon, Counter.REDIS_ERRORS, errors + 1);
        assertThat(state.get("PORT_TABLE|Ethernet4")).isEqualTo("not a hash");

        ns.up("Ethernet8");
        awaitStateRow("Ethernet8", stateFields("down", "up", "1500"));
        assertThat(daemon.sync.status().running()).isTrue();
        assertThat(daemon.sync.status().redisAvailable()).isTrue();
    }
}
