package net.sonic.portsyncd.core;

import static net.sonic.portsyncd.core.FakeSwitch.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle.Reconciliation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A warm start and a resume hold STATE_DB writes until the end of the engine's own dump (EOIU) or the fallback
 * timeout, then reconcile: only differing rows are written, rows of vanished netdevs deleted when the picture is
 * complete, and the lifecycle is told what was done.
 */
class WarmHoldFastTest {
    private final FakeSwitch sw = new FakeSwitch();
    private final FakeWarmRestartLifecycle lifecycle = new FakeWarmRestartLifecycle();

    @AfterEach
    void stop() {
        sw.close();
    }

    /** A switch whose orchagent knows {@code ports}, with their netdevs and STATE_DB rows as the kernel has them. */
    private void warmSwitch(String... ports) {
        sw.orchagentKnows(ports);
        sw.configurePorts(ports);
        sw.netdevs(ports);
        for (String port : ports) {
            sw.stateRowAsKernelHasIt(port);
        }
    }

    private void startHeld() {
        sw.kernel.holdDumps();
        sw.start(lifecycle);
        await(() -> sw.kernel.waitingDumps() == 1, "the engine asks for its dump");
    }

    @Test
    void changesDuringTheWindowWaitForTheEndOfTheDumpThenOnlyDifferingRowsAreWritten() {
        warmSwitch("Ethernet0", "Ethernet4", "Ethernet8");
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        startHeld();

        sw.kernel.setAdminState("Ethernet4", false);
        sw.kernel.setMtu("Ethernet8", 9100);
        sw.awaitCounter(Counter.NETLINK_ACCEPTED, 2);
        assertThat(sw.stateRowWrites()).as("nothing written during the initial sync").isEmpty();
        assertThat(sw.stateRow("Ethernet4")).containsEntry("admin_status", "up");

        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        assertThat(lifecycle.completions()).containsExactly(SyncCompletion.EOIU);
        assertThat(sw.stateRowWrites()).containsExactlyInAnyOrder("HSET PORT_TABLE|Ethernet4",
                "HSET PORT_TABLE|Ethernet8");
        assertThat(lifecycle.reconciliations()).containsExactly(new Reconciliation(2, 0));
        sw.awaitStateDbMatchesKernel();
    }

    @Test
    void theEndOfTheDumpDeletesTheRowsOfNetdevsThatAreGone() {
        warmSwitch("Ethernet0", "Ethernet4");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8", StateRow.fieldsOf(sw.kernel.state("Ethernet0").orElseThrow()));
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet12", "speed", "100000");
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        startHeld();

        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        assertThat(sw.stateRowWrites()).containsExactly("DEL PORT_TABLE|Ethernet8");
        assertThat(sw.stateRow("Ethernet12")).as("a row portsyncd never wrote is not its to delete")
                .containsExactly(Map.entry("speed", "100000"));
        assertThat(lifecycle.reconciliations()).containsExactly(new Reconciliation(0, 1));
    }

    @Test
    void aTimeoutWritesWhatTheWindowSawButDeletesNothingForItsPictureIsIncomplete() {
        warmSwitch("Ethernet0", "Ethernet4");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8", StateRow.fieldsOf(sw.kernel.state("Ethernet0").orElseThrow()));
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        startHeld();

        sw.kernel.setAdminState("Ethernet4", false);
        sw.awaitCounter(Counter.NETLINK_ACCEPTED, 1);
        assertThat(lifecycle.expireEoiuTimer()).isTrue();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");

        assertThat(lifecycle.completions()).containsExactly(SyncCompletion.TIMEOUT);
        assertThat(sw.stateRowWrites()).containsExactly("HSET PORT_TABLE|Ethernet4");
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8")).isTrue();
        assertThat(lifecycle.reconciliations()).containsExactly(new Reconciliation(1, 0));
    }

    @Test
    void aResumeSeededByACleanStateFileDeletesTheRowOfAPortItKnewThoughPortsyncdsOwnFieldIsMissing() {
        warmSwitch("Ethernet0");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4", "state", "ok", "admin_status", "up");
        PortStateSnapshot saved = new PortStateSnapshot(System.currentTimeMillis(), FakeSwitch.BOOT, true, true,
                Map.of("Ethernet4", new PortRecord("Ethernet4", 40, true, true, 0x11043, 9100)));
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.of(saved)));
        startHeld();

        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        assertThat(sw.stateRowWrites()).containsExactly("DEL PORT_TABLE|Ethernet4");
        assertThat(lifecycle.reconciliations()).containsExactly(new Reconciliation(0, 1));
    }

    @Test
    void withoutAStateFileSuchARowIsLeftAlone() {
        warmSwitch("Ethernet0");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4", "state", "ok", "admin_status", "up");
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.empty()));
        startHeld();

        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        assertThat(sw.stateRowWrites()).isEmpty();
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4")).isTrue();
    }

    @Test
    void aResumeKeepsTheSignalsItFoundAndSavesCleanlyWhenItStops() {
        warmSwitch("Ethernet0");
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.empty()));
        startHeld();
        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");

        assertThat(sw.sync.status().portInitDone()).isTrue();
        assertThat(sw.db.commands(c -> c.name().startsWith("PRODUCER_"))).isEmpty();
        sw.sync.close();
        PortStateSnapshot last = sw.store.live().orElseThrow();
        assertThat(last.cleanShutdown()).isTrue();
        assertThat(last.portInitDone()).isTrue();
        assertThat(last.ports()).containsOnlyKeys("Ethernet0");
        sw.sync = null;
    }

    @Test
    void aStoreLeavingWhileTheFrameworkStopsGetsTheCleanShutdownTheEnginesOwnStopCanNoLongerWrite() {
        warmSwitch("Ethernet0");
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.empty()));
        startHeld();
        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");

        sw.sync.releaseStateStore(sw.store, true);
        PortStateSnapshot last = sw.store.live().orElseThrow();
        assertThat(last.cleanShutdown()).isTrue();
        assertThat(last.ports()).containsOnlyKeys("Ethernet0");

        sw.kernel.setAdminState("Ethernet0", false);
        sw.awaitCounter(Counter.NETLINK_ACCEPTED, 1);
        sw.sync.close();
        assertThat(sw.store.live().orElseThrow()).as("nothing reaches a released store").isEqualTo(last);
        sw.sync = null;
    }

    @Test
    void aStoreReplacedWhileTheFrameworkRunsIsReleasedWithoutASave() {
        warmSwitch("Ethernet0");
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.empty()));
        startHeld();
        sw.kernel.answerDumps();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        Optional<PortStateSnapshot> before = sw.store.live();

        sw.sync.releaseStateStore(sw.store, false);
        assertThat(sw.store.live()).isEqualTo(before);
    }

    @Test
    void aColdStartWritesAtOnceAndReportsItsInitialSyncWhenTheDumpEnds() {
        sw.configurePorts("Ethernet0");
        sw.kernel.holdDumps();
        sw.start(lifecycle);
        await(() -> sw.kernel.waitingDumps() == 1, "the engine asks for its dump");
        sw.kernel.answerDumps();
        sw.orchagentCreatesNetdevs();

        sw.awaitStateDbMatchesKernel();
        await(() -> !lifecycle.reconciliations().isEmpty(), "the reconciliation report");
        assertThat(lifecycle.completions()).containsExactly(SyncCompletion.EOIU);
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).isTrue();
    }
}
