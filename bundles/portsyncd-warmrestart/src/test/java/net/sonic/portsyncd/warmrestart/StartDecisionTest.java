package net.sonic.portsyncd.warmrestart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start decision against a real redis-server (SONiC's warm-start tables) and a real state file store:
 * SONiC warm start, the flushed-database fallback, the resume that APPL_DB's PortConfigDone proves whatever the state
 * file says, the state file as a mere seed of a resume, and the reconciliation mark.
 */
class StartDecisionTest {
    private static final String OTHER_BOOT_ID = "00000000-1111-2222-3333-444444444444";
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @TempDir
    Path stateDirectory;

    private final CountingMetrics metrics = new CountingMetrics();
    private final ManualClock clock = ManualClock.atSystemTime();
    private StateFileStore store;
    private WarmRestartManager manager;

    @BeforeEach
    void setUp() {
        store = new StateFileStore(stateDirectory, StoreSettings.defaults(), metrics, clock);
        manager = newManager(WarmRestartSettings.defaults());
        manager.useStateStore(store);
    }

    @AfterEach
    void tearDown() {
        manager.close();
        store.close();
    }

    private WarmRestartManager newManager(WarmRestartSettings settings) {
        WarmRestartManager created = new WarmRestartManager(REDIS.db(), settings, clock, clock::nanoTime);
        created.useMetrics(metrics);
        return created;
    }

    private PortStateSnapshot snapshot(long savedAtMillis, String bootId, boolean cleanShutdown) {
        return new PortStateSnapshot(savedAtMillis, bootId, cleanShutdown, true, Map.of(
                "Ethernet0", new PortRecord("Ethernet0", 7, true, true, 0x11043, 9100),
                "Ethernet4", new PortRecord("Ethernet4", 8, true, false, 0x1003, 9100)));
    }

    private PortStateSnapshot saveAgo(Duration age, String bootId, boolean cleanShutdown) throws IOException {
        PortStateSnapshot saved = snapshot(clock.millis() - age.toMillis(), bootId, cleanShutdown);
        store.save(saved);
        return saved;
    }

    private PortStateSnapshot saveCleanHandOver() throws IOException {
        return saveAgo(Duration.ofSeconds(2), store.currentBootId(), true);
    }

    @Test
    void swssKnobWithRestoreCountStartsWarmAndIncrementsIt() {
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(3);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isFalse();
        assertThat(decision.reason()).startsWith("SONiC warm start").contains("swss").contains("4");
        assertThat(REDIS.restoreCount()).contains("4");
        assertThat(manager.state()).isEqualTo(LifecycleState.WARM_START);
        assertThat(manager.lastDecision()).contains(decision);
        assertThat(metrics.count(Counter.WARM_RESTART)).isEqualTo(1);
        assertThat(metrics.count(Counter.COLD_START)).isZero();
        assertThat(metrics.marks(Timestamp.LAST_WARM_RESTART)).isEqualTo(1);
    }

    @Test
    void systemKnobAloneStartsWarm() {
        REDIS.enableWarmRestart("system");
        REDIS.setRestoreCount(0);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.reason()).contains("system");
        assertThat(REDIS.restoreCount()).contains("1");
    }

    @Test
    void everyDecisionRunsTheSonicCheckExactlyOnce() {
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(10);

        manager.decideStart();
        assertThat(REDIS.restoreCount()).contains("11");
        manager.decideStart();
        assertThat(REDIS.restoreCount()).contains("12");
    }

    @Test
    void warmRequestedButDatabaseFlushedFallsBackToCold() {
        REDIS.enableWarmRestart("swss");

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.COLD);
        assertThat(decision.reason()).startsWith("cold: APPL_DB has no PORT_TABLE:PortConfigDone")
                .contains("restore_count");
        assertThat(REDIS.restoreCount()).contains("0");
        assertThat(manager.state()).isEqualTo(LifecycleState.COLD_START);
        assertThat(metrics.count(Counter.COLD_START)).isEqualTo(1);
        assertThat(metrics.count(Counter.WARM_RESTART)).isZero();
    }

    @Test
    void nothingEnabledAndNoStateFileIsACold() {
        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.COLD);
        assertThat(decision.savedState()).isEmpty();
        assertThat(REDIS.warmRestartRow()).isEqualTo(Map.of("restore_count", "0"));
    }

    @Test
    void portConfigDoneInApplDbResumesWithoutAnyStateFile() {
        REDIS.publishPortConfigDone(32);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isTrue();
        assertThat(decision.reason()).startsWith("resume: APPL_DB holds PORT_TABLE:PortConfigDone (count=32)")
                .contains("state file not used: no valid state file");
        assertThat(decision.savedState()).isEmpty();
        assertThat(REDIS.restoreCount()).as("SONiC's check still runs and writes its cold count").contains("0");
        assertThat(manager.state()).isEqualTo(LifecycleState.WARM_START);
        assertThat(metrics.count(Counter.WARM_RESTART)).isEqualTo(1);
        assertThat(metrics.count(Counter.COLD_START)).isZero();
    }

    @Test
    void theReasonNamesPortInitDoneWhenItIsThereToo() {
        REDIS.publishPortConfigDone(4);
        REDIS.publishPortInitDone();

        assertThat(manager.decideStart().reason()).contains("PORT_TABLE:PortInitDone is there too");
    }

    @Test
    void cleanYoungStateFileSeedsTheResume() throws IOException {
        PortStateSnapshot saved = saveCleanHandOver();
        REDIS.publishPortConfigDone(2);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isTrue();
        assertThat(decision.savedState()).contains(saved);
        assertThat(decision.reason()).contains("state file used: clean state file of this kernel boot, saved 2000 ms"
                + " ago (live)");
    }

    @Test
    void cleanYoungStateFileWithoutPortConfigDoneIsCold() throws IOException {
        saveCleanHandOver();

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).as("APPL_DB was flushed: swss started cold, so must portsyncd")
                .isEqualTo(RestartMode.COLD);
        assertThat(decision.reason()).startsWith("cold: APPL_DB has no PORT_TABLE:PortConfigDone");
    }

    /** Whatever the state file says, PortConfigDone in APPL_DB makes the start a resume. */
    @Test
    void everyKindOfUnusableStateFileStillResumes() throws IOException {
        REDIS.publishPortConfigDone(2);
        Map<String, ThrowingRunnable> files = new java.util.LinkedHashMap<>();
        // first: later saves leave backups that the store would recover in place of garbage
        files.put("no valid state file", () -> Files.write(store.liveFile(), new byte[] {0, (byte) 0xff, '{', '"'}));
        files.put("older than the 300000 ms limit", () -> saveAgo(Duration.ofSeconds(301), store.currentBootId(), true));
        files.put("not written by a clean shutdown", () -> saveAgo(Duration.ofSeconds(1), store.currentBootId(), false));
        files.put("another kernel boot (" + OTHER_BOOT_ID, () -> saveAgo(Duration.ofSeconds(1), OTHER_BOOT_ID, true));
        files.put("60000 ms in the future", () -> saveAgo(Duration.ofSeconds(-60), store.currentBootId(), true));
        for (Map.Entry<String, ThrowingRunnable> file : files.entrySet()) {
            file.getValue().run();

            StartDecision decision = manager.decideStart();

            assertThat(decision.mode()).as(file.getKey()).isEqualTo(RestartMode.WARM);
            assertThat(decision.hotSwap()).isTrue();
            assertThat(decision.reason()).startsWith("resume: ").contains("state file not used: ")
                    .contains(file.getKey());
            assertThat(decision.savedState()).as(file.getKey()).isEmpty();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws IOException;
    }

    @Test
    void maximumAgeIsConfigurableAndZeroNeverUsesTheStateFile() throws IOException {
        saveAgo(Duration.ofSeconds(20), store.currentBootId(), true);
        REDIS.publishPortConfigDone(2);

        manager.applySettings(new WarmRestartSettings(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(manager.decideStart().savedState()).isPresent();

        manager.applySettings(new WarmRestartSettings(Duration.ofSeconds(10), Duration.ofSeconds(15)));
        assertThat(manager.decideStart().savedState()).isEmpty();

        manager.applySettings(new WarmRestartSettings(Duration.ofSeconds(10), Duration.ZERO));
        StartDecision disabled = manager.decideStart();
        assertThat(disabled.mode()).isEqualTo(RestartMode.WARM);
        assertThat(disabled.reason()).contains("state file not used: disabled");
    }

    @Test
    void coldStartStillHandsOverTheLoadedSnapshot() throws IOException {
        saveAgo(Duration.ofSeconds(301), store.currentBootId(), true);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.COLD);
        assertThat(decision.savedState()).as("the loaded snapshot is handed over in any mode").isPresent();
    }

    @Test
    void corruptStateFileIsCountedOnce() throws IOException {
        saveCleanHandOver();
        byte[] valid = Files.readAllBytes(store.liveFile());
        valid[valid.length / 2] ^= 0x20;
        Files.write(store.liveFile(), valid);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.COLD);
        assertThat(decision.savedState()).isEmpty();
        assertThat(metrics.count(Counter.CORRUPTION_DETECTED)).isEqualTo(1);
        assertThat(metrics.marks(Timestamp.LAST_CORRUPTION_DETECTED)).isEqualTo(1);
        assertThat(metrics.count(Counter.STATE_RECOVERY)).isZero();
    }

    @Test
    void backupRecoveredAfterACorruptLiveFileSeedsTheResume() throws IOException {
        PortStateSnapshot saved = saveCleanHandOver();
        assertThat(store.rotate()).isPresent();
        Files.writeString(store.liveFile(), "{\"truncated\":");
        REDIS.publishPortConfigDone(2);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isTrue();
        assertThat(decision.reason()).contains("(backup:");
        assertThat(decision.savedState()).contains(saved);
        assertThat(metrics.count(Counter.STATE_RECOVERY)).isEqualTo(1);
        assertThat(metrics.marks(Timestamp.LAST_STATE_RECOVERY)).isEqualTo(1);
        assertThat(metrics.count(Counter.CORRUPTION_DETECTED)).isEqualTo(1);
    }

    @Test
    void withoutAStoreApplDbAloneDecides() throws IOException {
        saveCleanHandOver();
        manager.releaseStateStore(store);
        REDIS.publishPortConfigDone(2);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.reason()).contains("state file not used: no state store is bound");
        assertThat(decision.savedState()).isEmpty();
    }

    @Test
    void sonicWarmStartWinsOverHotSwapEvidenceAndCarriesTheSnapshot() throws IOException {
        PortStateSnapshot saved = saveCleanHandOver();
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(1);

        StartDecision decision = manager.decideStart();

        assertThat(decision.mode()).isEqualTo(RestartMode.WARM);
        assertThat(decision.hotSwap()).isFalse();
        assertThat(decision.savedState()).contains(saved);
        assertThat(REDIS.restoreCount()).contains("2");
    }

    @Test
    void reconciledAfterASonicWarmStartWritesStateReconciled() {
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(5);
        manager.decideStart();

        manager.reconciled(3, 1);

        assertThat(REDIS.warmRestartRow()).isEqualTo(Map.of("restore_count", "6", "state", "reconciled"));
    }

    @Test
    void reconciledAfterAResumeWritesStateReconciled() {
        REDIS.publishPortConfigDone(2);
        manager.decideStart();

        manager.reconciled(0, 0);

        assertThat(REDIS.warmRestartState()).contains("reconciled");
    }

    @Test
    void reconciledAfterAColdStartWritesNothing() {
        manager.decideStart();

        manager.reconciled(12, 0);

        assertThat(REDIS.warmRestartRow()).isEqualTo(Map.of("restore_count", "0"));
    }

    @Test
    void reconciledBeforeAnyDecisionWritesNothingAndNegativeCountsAreRejected() {
        manager.reconciled(1, 1);

        assertThat(REDIS.warmRestartState()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> manager.reconciled(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
