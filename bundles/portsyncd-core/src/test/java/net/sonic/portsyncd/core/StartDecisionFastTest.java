package net.sonic.portsyncd.core;

import static net.sonic.portsyncd.core.FakeSwitch.await;
import static org.assertj.core.api.Assertions.assertThat;

import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.testkit.fake.FakeSonicDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start decision as the engine acts on it, decided by the warm-restart bundle's manager on in-memory databases:
 * cold (the configuration replayed, PortConfigDone, old netdevs down), resume (APPL_DB holds PortConfigDone: nothing
 * replayed, nothing taken down) and SONiC warm start (restore_count counted, nothing replayed); and no decision at all
 * while APPL_DB cannot be read.
 */
class StartDecisionFastTest {
    private final FakeSwitch sw = new FakeSwitch();

    @AfterEach
    void stop() {
        sw.close();
    }

    private boolean producerWrote(String key) {
        return !sw.db.commands(c -> c.name().equals("PRODUCER_SET") && c.key().equals("PORT_TABLE:" + key)).isEmpty();
    }

    private StartDecision decision() {
        return sw.lifecycle.lastDecision().orElseThrow();
    }

    private void awaitReconciled() {
        await(() -> "reconciled".equals(sw.db.row(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd").get("state")),
                "WARM_RESTART_TABLE|portsyncd state=reconciled");
    }

    @Test
    void aColdStartCopiesTheConfigurationThenPortConfigDoneAndTakesNetdevsOfAnEarlierRunDown() {
        sw.configurePorts("Ethernet0", "Ethernet4");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|Ethernet0", "lanes@deprecated", "0,1");
        int old = sw.kernel.addLink("Ethernet0", "veth");
        sw.kernel.setAdminState("Ethernet0", true);
        sw.startWithRealLifecycle();

        await(() -> sw.db.exists(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone"), "PortConfigDone written");
        assertThat(decision().mode()).isEqualTo(RestartMode.COLD);
        assertThat(sw.db.row(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone")).containsExactly(
                java.util.Map.entry("count", "2"));
        assertThat(sw.db.row(SonicDb.APPL_DB, "_PORT_TABLE:Ethernet0")).containsEntry("lanes", "0,1")
                .containsEntry("mtu", "9100").doesNotContainKey("lanes@deprecated");
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_")).stream().map(FakeSonicDb.Command::key))
                .as("ports first, PortConfigDone last").containsExactly("PORT_TABLE:Ethernet0",
                        "PORT_TABLE:Ethernet4", "PORT_TABLE:PortConfigDone");
        await(() -> sw.kernel.adminDownRequests().contains(old), "the old Ethernet0 set admin down");
        assertThat(sw.kernel.state("Ethernet0").orElseThrow().adminUp()).isFalse();

        // the old netdev's messages never reach STATE_DB, though orchagent knows the port by now
        sw.orchagentCreatesNetdevs();
        sw.kernel.setAdminState("Ethernet0", true);
        sw.awaitCounter(Counter.NETLINK_IGNORED_OLD_IFINDEX, 2);
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).isFalse();
    }

    @Test
    void aColdStartWritesPortInitDoneOnlyOnceEveryConfiguredPortHasItsNetdev() {
        sw.configurePorts("Ethernet0", "Ethernet4");
        sw.startWithRealLifecycle();
        await(() -> sw.lifecycle.state() == LifecycleState.INITIAL_SYNC_COMPLETE, "the initial sync");
        sw.orchagentPops();
        sw.netdevs("Ethernet0");
        await(() -> sw.sync.status().pendingPorts() == 1, "Ethernet0 arrived");
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).isTrue();
        assertThat(sw.applDbHas("PortInitDone")).as("Ethernet4 has no netdev").isFalse();

        sw.netdevs("Ethernet4");
        await(() -> sw.applDbHas("PortInitDone"), "PortInitDone");
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.sync.status().portInitDone()).isTrue();
        assertThat(sw.sync.status().pendingPorts()).isZero();
    }

    @Test
    void aDpuTakesNoNetdevDownAndFollowsThePortsItFound() {
        sw.db.hset(SonicDb.CONFIG_DB, "DEVICE_METADATA|localhost", "switch_type", "dpu");
        sw.configurePorts("Ethernet0");
        sw.kernel.addLink("Ethernet0", "veth");
        sw.startWithRealLifecycle();

        sw.orchagentCreatesNetdevs();
        sw.kernel.setAdminState("Ethernet0", true);
        await(() -> sw.applDbHas("PortInitDone"), "PortInitDone");
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.kernel.adminDownRequests()).isEmpty();
        assertThat(sw.metrics.get(Counter.NETLINK_IGNORED_OLD_IFINDEX)).isZero();
    }

    @Test
    void aResumeReplaysNothingTakesNothingDownAndDoesNotWritePortInitDoneAgain() {
        sw.orchagentKnows("Ethernet0", "Ethernet4");
        sw.configurePorts("Ethernet0", "Ethernet4");
        sw.netdevs("Ethernet0", "Ethernet4");
        sw.startWithRealLifecycle();

        awaitReconciled();
        assertThat(decision().mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision().hotSwap()).isTrue();
        assertThat(decision().reason()).startsWith("resume: APPL_DB holds PORT_TABLE:PortConfigDone (count=2)");
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_"))).isEmpty();
        assertThat(sw.db.publications()).isEmpty();
        assertThat(sw.kernel.adminDownRequests()).isEmpty();
        assertThat(sw.sync.status().portConfigDone()).isTrue();
        assertThat(sw.sync.status().portInitDone()).isTrue();
        assertThat(sw.metrics.get(Counter.WARM_RESTART)).isEqualTo(1);
    }

    @Test
    void aSonicWarmStartCountsTheRestoreReplaysNothingAndSendsOnlyItsOwnPortInitDone() {
        sw.orchagentKnows("Ethernet0");
        sw.db.del(SonicDb.APPL_DB, "PORT_TABLE:PortInitDone");
        sw.db.hset(SonicDb.STATE_DB, "WARM_RESTART_ENABLE_TABLE|system", "enable", "true");
        sw.db.hset(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd", "restore_count", "3");
        sw.configurePorts("Ethernet0");
        sw.netdevs("Ethernet0");
        sw.startWithRealLifecycle();

        awaitReconciled();
        await(() -> producerWrote("PortInitDone"), "PortInitDone once the port is reconciled");
        assertThat(decision().mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision().hotSwap()).isFalse();
        assertThat(sw.db.row(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd")).containsEntry("restore_count", "4");
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_")).stream().map(FakeSonicDb.Command::key))
                .containsExactly("PORT_TABLE:PortInitDone");
        assertThat(sw.kernel.adminDownRequests()).isEmpty();
        sw.awaitStateDbMatchesKernel();
    }

    @Test
    void anUnreadableApplDbDecidesNothingAndTheStartResumesOnceItCanBeRead() {
        sw.orchagentKnows("Ethernet0");
        sw.configurePorts("Ethernet0");
        sw.netdevs("Ethernet0");
        sw.db.goDownAt(command -> command.db().equals(SonicDb.APPL_DB)
                && command.key().equals("PORT_TABLE:PortConfigDone"));
        sw.startWithRealLifecycle();

        await(() -> sw.alarms.active(AlarmType.REDIS_DOWN), "REDIS_DOWN while APPL_DB cannot be read");
        sw.awaitCounter(Counter.REDIS_ERRORS, 3);
        assertThat(sw.lifecycle.lastDecision()).as("no mode is guessed").isEmpty();
        assertThat(sw.sync.status().mode()).isNull();

        sw.db.comeBack();
        awaitReconciled();
        assertThat(decision().hotSwap()).isTrue();
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_"))).isEmpty();
        assertThat(sw.kernel.adminDownRequests()).isEmpty();
    }

    @Test
    void aStartWhileRedisIsDownDecidesNothingUntilItAnswersAndThenResumes() {
        sw.orchagentKnows("Ethernet0");
        sw.configurePorts("Ethernet0");
        sw.netdevs("Ethernet0");
        sw.db.goDown();
        sw.startWithRealLifecycle();

        await(() -> sw.alarms.active(AlarmType.REDIS_DOWN), "REDIS_DOWN while start-up cannot reach Redis");
        sw.awaitCounter(Counter.REDIS_ERRORS, 3);
        assertThat(sw.lifecycle.lastDecision()).as("no mode is guessed").isEmpty();
        assertThat(sw.sync.status().mode()).isNull();
        assertThat(sw.sync.status().running()).isFalse();

        sw.db.comeBack();
        awaitReconciled();
        assertThat(decision().hotSwap()).isTrue();
        assertThat(sw.alarms.active(AlarmType.REDIS_DOWN)).isFalse();
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_"))).isEmpty();
        assertThat(sw.kernel.adminDownRequests()).isEmpty();
    }
}
