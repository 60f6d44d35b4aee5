package net.sonic.portsyncd.warmrestart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The initial-sync window and its EOIU fallback timeout: the eight cases of the plan, plus races and reschedules. */
class InitialSyncTimeoutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private final CountingMetrics metrics = new CountingMetrics();
    private final Completions completions = new Completions();
    private final List<WarmRestartManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        managers.forEach(WarmRestartManager::close);
    }

    private WarmRestartManager realTime(Duration eoiuTimeout) {
        WarmRestartManager manager = WarmRestartManager.create(REDIS.db(), null, eoiuTimeout, metrics);
        managers.add(manager);
        return manager;
    }

    private WarmRestartManager manualTime(Duration eoiuTimeout, ManualClock clock) {
        WarmRestartManager manager = new WarmRestartManager(REDIS.db(),
                WarmRestartSettings.defaults().withEoiuTimeout(eoiuTimeout), clock, clock::nanoTime);
        manager.useMetrics(metrics);
        managers.add(manager);
        return manager;
    }

    @Test
    void endOfDumpBeforeTheTimeoutCompletesAsEoiu() {
        WarmRestartManager manager = realTime(Duration.ofSeconds(30));
        manager.beginInitialSync(completions);
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_IN_PROGRESS);

        manager.endOfInitialSync();

        assertThat(completions.calls()).containsExactly(
                new Completions.Call(SyncCompletion.EOIU, Thread.currentThread().getName()));
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        assertThat(metrics.count(Counter.EOIU_DETECTED)).isEqualTo(1);
        assertThat(metrics.count(Counter.EOIU_TIMEOUT)).isZero();
        assertThat(metrics.marks(Timestamp.LAST_EOIU_DETECTION)).isEqualTo(1);
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).hasSize(1);
    }

    @Test
    void timeoutCompletesTheSyncOnTheTimerThreadAndCountsAsATimeoutOnly() {
        WarmRestartManager manager = realTime(Duration.ofMillis(200));
        long started = System.nanoTime();
        manager.beginInitialSync(completions);

        Completions.Call call = completions.awaitFirst(DEADLINE);

        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(call).isEqualTo(new Completions.Call(SyncCompletion.TIMEOUT, WarmRestartManager.TIMER_THREAD));
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        assertThat(metrics.count(Counter.EOIU_TIMEOUT)).isEqualTo(1);
        assertThat(metrics.count(Counter.EOIU_DETECTED)).isZero();
        assertThat(metrics.marks(Timestamp.LAST_EOIU_DETECTION)).isZero();
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).singleElement()
                .satisfies(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200)));
        assertThat(manager.initialSyncElapsedMillis()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void timeoutIsConfigurableThroughTheSetterAndRejectsAbsurdValues() {
        WarmRestartManager manager = realTime(Duration.ofSeconds(10));
        assertThat(manager.eoiuTimeout()).isEqualTo(Duration.ofSeconds(10));

        manager.setEoiuTimeout(Duration.ofMillis(150));
        assertThat(manager.eoiuTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThatThrownBy(() -> manager.setEoiuTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager.setEoiuTimeout(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager.setEoiuTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThat(manager.eoiuTimeout()).isEqualTo(Duration.ofMillis(150));

        manager.beginInitialSync(completions);
        assertThat(completions.awaitFirst(DEADLINE).completion()).isEqualTo(SyncCompletion.TIMEOUT);
    }

    @Test
    void shorteningTheTimeoutOfARunningSyncReschedulesItsFallback() {
        WarmRestartManager manager = realTime(Duration.ofHours(1));
        manager.beginInitialSync(completions);

        manager.setEoiuTimeout(Duration.ofMillis(100));

        assertThat(completions.awaitFirst(DEADLINE).completion()).isEqualTo(SyncCompletion.TIMEOUT);
        assertThat(manager.initialSyncElapsedMillis()).isBetween(100L, DEADLINE.toMillis());
    }

    @Test
    void lengtheningTheTimeoutOfARunningSyncPostponesItsFallback() {
        WarmRestartManager manager = realTime(Duration.ofMillis(300));
        manager.beginInitialSync(completions);

        manager.setEoiuTimeout(Duration.ofHours(1));
        Poll.until(DEADLINE, () -> manager.initialSyncElapsedMillis() >= 900, "elapsed time never reached 900 ms");

        assertThat(completions.calls()).isEmpty();
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_IN_PROGRESS);
        manager.endOfInitialSync();
        assertThat(completions.completions()).containsExactly(SyncCompletion.EOIU);
    }

    @Test
    void elapsedTimeFollowsTheMonotonicClockAndStopsAtCompletion() {
        ManualClock clock = ManualClock.atSystemTime();
        WarmRestartManager manager = manualTime(Duration.ofHours(1), clock);
        assertThat(manager.initialSyncElapsedMillis()).isEqualTo(-1);

        manager.beginInitialSync(completions);
        assertThat(manager.initialSyncElapsedMillis()).isZero();
        clock.advance(Duration.ofMillis(1_500));
        assertThat(manager.initialSyncElapsedMillis()).isEqualTo(1_500);
        clock.advance(Duration.ofMillis(500));
        manager.endOfInitialSync();
        clock.advance(Duration.ofSeconds(7));

        assertThat(manager.initialSyncElapsedMillis()).isEqualTo(2_000);
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION))
                .containsExactly(TimeUnit.MILLISECONDS.toNanos(2_000));
    }

    @Test
    void everyTransitionUpToATimeoutCompletionIsStamped() {
        ManualClock clock = ManualClock.atSystemTime();
        long decidedAt = clock.millis();
        WarmRestartManager manager = manualTime(Duration.ofMillis(100), clock);
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(0);

        manager.decideStart();
        clock.advance(Duration.ofMillis(40));
        manager.beginInitialSync(completions);
        clock.advance(Duration.ofMillis(60));
        completions.awaitFirst(DEADLINE);

        assertThat(completions.completions()).containsExactly(SyncCompletion.TIMEOUT);
        assertThat(manager.transitions()).containsExactly(
                new StateTransition(LifecycleState.COLD_START, LifecycleState.WARM_START, decidedAt),
                new StateTransition(LifecycleState.WARM_START, LifecycleState.INITIAL_SYNC_IN_PROGRESS,
                        decidedAt + 40),
                new StateTransition(LifecycleState.INITIAL_SYNC_IN_PROGRESS, LifecycleState.INITIAL_SYNC_COMPLETE,
                        decidedAt + 100));
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
    }

    @Test
    void repeatedCompletionsAndBeginsAreIdempotent() {
        WarmRestartManager manager = realTime(Duration.ofSeconds(30));
        Completions ignored = new Completions();
        manager.beginInitialSync(completions);
        manager.beginInitialSync(ignored);

        manager.endOfInitialSync();
        manager.endOfInitialSync();
        assertThat(manager.forceCompleteInitialSync()).isFalse();
        manager.setEoiuTimeout(Duration.ZERO);
        manager.endOfInitialSync();

        assertThat(completions.completions()).containsExactly(SyncCompletion.EOIU);
        assertThat(ignored.calls()).isEmpty();
        assertThat(metrics.count(Counter.EOIU_DETECTED)).isEqualTo(1);
        assertThat(metrics.count(Counter.EOIU_TIMEOUT)).isZero();
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).hasSize(1);
        assertThat(manager.transitions()).extracting(StateTransition::to).containsExactly(
                LifecycleState.INITIAL_SYNC_IN_PROGRESS, LifecycleState.INITIAL_SYNC_COMPLETE);
    }

    @Test
    void racingCompletionsCallTheCallbackExactlyOnce() throws InterruptedException {
        WarmRestartManager manager = realTime(Duration.ZERO);
        for (int round = 0; round < 200; round++) {
            Completions callback = new Completions();
            CountDownLatch go = new CountDownLatch(1);
            manager.beginInitialSync(callback);
            List<Thread> racers = List.of(
                    new Thread(() -> awaitThen(go, manager::endOfInitialSync)),
                    new Thread(() -> awaitThen(go, manager::forceCompleteInitialSync)),
                    new Thread(() -> awaitThen(go, manager::endOfInitialSync)));
            racers.forEach(Thread::start);
            go.countDown();
            for (Thread racer : racers) {
                racer.join(DEADLINE.toMillis());
            }
            callback.awaitFirst(DEADLINE);
            assertThat(callback.calls()).as("round %d", round).hasSize(1);
        }
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).hasSize(200);
    }

    private static void awaitThen(CountDownLatch go, Runnable action) {
        try {
            go.await();
            action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void completionCallsWithoutARunningSyncAreHarmless() {
        WarmRestartManager manager = realTime(Duration.ofMillis(50));

        manager.endOfInitialSync();
        assertThat(manager.forceCompleteInitialSync()).isFalse();
        manager.setEoiuTimeout(Duration.ZERO);

        assertThat(manager.state()).isEqualTo(LifecycleState.COLD_START);
        assertThat(manager.transitions()).isEmpty();
        assertThat(manager.initialSyncElapsedMillis()).isEqualTo(-1);
        assertThat(metrics.count(Counter.EOIU_DETECTED) + metrics.count(Counter.EOIU_TIMEOUT)).isZero();
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).isEmpty();
    }

    @Test
    void zeroTimeoutCompletesAtOnceAsATimeout() {
        WarmRestartManager manager = realTime(Duration.ZERO);

        manager.beginInitialSync(completions);

        assertThat(completions.awaitFirst(Duration.ofSeconds(2)))
                .isEqualTo(new Completions.Call(SyncCompletion.TIMEOUT, WarmRestartManager.TIMER_THREAD));
        manager.endOfInitialSync();
        assertThat(completions.calls()).hasSize(1);
        assertThat(metrics.count(Counter.EOIU_TIMEOUT)).isEqualTo(1);
        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
    }

    @Test
    void aTimeoutRaisesEoiuTimeoutUntilALaterInitialSyncSeesTheEndOfItsDump() {
        RecordingAlarms alarms = new RecordingAlarms();
        WarmRestartManager manager = realTime(Duration.ZERO);
        manager.useAlarms(alarms);
        REDIS.enableWarmRestart("swss");
        REDIS.setRestoreCount(0);
        manager.decideStart();

        manager.beginInitialSync(completions);
        assertThat(completions.awaitFirst(DEADLINE).completion()).isEqualTo(SyncCompletion.TIMEOUT);

        assertThat(alarms.raises(AlarmType.EOIU_TIMEOUT)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.MINOR);
            assertThat(raise.details()).containsEntry("timeoutMillis", "0").containsEntry("mode", "WARM")
                    .containsEntry("hotSwap", "false");
        });
        manager.setEoiuTimeout(Duration.ofHours(1));
        manager.decideStart();
        manager.beginInitialSync(new Completions());
        manager.forceCompleteInitialSync();
        assertThat(alarms.active(AlarmType.EOIU_TIMEOUT)).as("a forced completion proves nothing").isTrue();

        manager.beginInitialSync(new Completions());
        manager.endOfInitialSync();

        assertThat(alarms.active(AlarmType.EOIU_TIMEOUT)).isFalse();
        assertThat(alarms.calls).last().satisfies(clear -> assertThat(clear.text()).contains("end of dump"));
    }

    @Test
    void forcedCompletionIsNeitherADetectionNorATimeout() {
        WarmRestartManager manager = realTime(Duration.ofSeconds(30));
        manager.beginInitialSync(completions);

        assertThat(manager.forceCompleteInitialSync()).isTrue();

        assertThat(completions.completions()).containsExactly(SyncCompletion.FORCED);
        assertThat(metrics.count(Counter.EOIU_DETECTED) + metrics.count(Counter.EOIU_TIMEOUT)).isZero();
        assertThat(metrics.samples(Histogram.INITIAL_SYNC_DURATION)).hasSize(1);
    }

    @Test
    void aFailingCallbackLeavesTheLifecycleConsistent() {
        WarmRestartManager manager = realTime(Duration.ofSeconds(30));
        manager.beginInitialSync(how -> {
            throw new IllegalStateException("engine failure");
        });

        manager.endOfInitialSync();

        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        manager.beginInitialSync(completions);
        manager.endOfInitialSync();
        assertThat(completions.completions()).containsExactly(SyncCompletion.EOIU);
    }

    @Test
    void closingAbandonsARunningSyncWithoutCallingIt() {
        WarmRestartManager manager = realTime(Duration.ofHours(1));
        manager.beginInitialSync(completions);

        manager.close();
        manager.endOfInitialSync();

        assertThat(manager.forceCompleteInitialSync()).isFalse();
        assertThat(completions.calls()).isEmpty();
        assertThatThrownBy(() -> manager.beginInitialSync(completions)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(manager::decideStart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewStartDecisionAbandonsTheSyncOfThePreviousRunWithoutCallingBack() {
        WarmRestartManager manager = new WarmRestartManager(REDIS.db(), WarmRestartSettings.defaults(),
                Clock.systemUTC(), System::nanoTime);
        managers.add(manager);
        manager.decideStart();
        manager.beginInitialSync(completions);

        manager.decideStart();

        assertThat(completions.completions()).isEmpty();
        assertThat(manager.transitions()).singleElement().satisfies(transition -> {
            assertThat(transition.from()).isEqualTo(LifecycleState.INITIAL_SYNC_IN_PROGRESS);
            assertThat(transition.to()).isEqualTo(LifecycleState.COLD_START);
        });
    }

    @Test
    void aCallbackWhoseBundleWasRefreshedAwayDoesNotBreakCompletion() {
        WarmRestartManager manager = new WarmRestartManager(REDIS.db(), WarmRestartSettings.defaults(),
                Clock.systemUTC(), System::nanoTime);
        managers.add(manager);
        manager.decideStart();
        manager.beginInitialSync(how -> {
            throw new NoClassDefFoundError("the wiring of the callback's bundle is no longer valid");
        });

        manager.endOfInitialSync();

        assertThat(manager.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
    }
}
