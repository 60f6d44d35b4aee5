package net.sonic.portsyncd.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import org.junit.jupiter.api.Test;

class FakeWarmRestartLifecycleFastTest {
    private final FakeWarmRestartLifecycle lifecycle = new FakeWarmRestartLifecycle();
    private final List<SyncCompletion> calledBack = new CopyOnWriteArrayList<>();

    @Test
    void theDecisionIsTheTestsAndBeginsANewRun() {
        lifecycle.decideWith(FakeWarmRestartLifecycle.resume(Optional.empty()));
        assertThat(lifecycle.decideStart().hotSwap()).isTrue();
        lifecycle.beginInitialSync(calledBack::add);
        lifecycle.decideWith(FakeWarmRestartLifecycle.cold());

        assertThat(lifecycle.decideStart().mode()).isEqualTo(RestartMode.COLD);
        assertThat(lifecycle.transitions()).extracting(StateTransition::to).containsExactly(LifecycleState.COLD_START);
        assertThat(lifecycle.initialSyncRunning()).as("the previous run's window is abandoned").isFalse();
        lifecycle.endOfInitialSync();
        assertThat(calledBack).as("an abandoned window never calls back").isEmpty();
    }

    @Test
    void failedDecisionsThrowUntilOneSucceeds() {
        lifecycle.failDecisions(new IllegalStateException("APPL_DB unreadable"), 2);
        assertThatThrownBy(lifecycle::decideStart).hasMessage("APPL_DB unreadable");
        assertThatThrownBy(lifecycle::decideStart).hasMessage("APPL_DB unreadable");
        assertThat(lifecycle.decideStart().mode()).isEqualTo(RestartMode.COLD);
        assertThat(lifecycle.decisions()).isEqualTo(1);
    }

    @Test
    void anInitialSyncCompletesExactlyOnceWhicheverWayComesFirst() {
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        lifecycle.decideStart();
        lifecycle.beginInitialSync(calledBack::add);
        lifecycle.beginInitialSync(how -> calledBack.add(null));

        assertThat(lifecycle.expireEoiuTimer()).isTrue();
        lifecycle.endOfInitialSync();
        assertThat(lifecycle.forceCompleteInitialSync()).isFalse();

        assertThat(calledBack).containsExactly(SyncCompletion.TIMEOUT);
        assertThat(lifecycle.completions()).containsExactly(SyncCompletion.TIMEOUT);
        assertThat(lifecycle.state()).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        assertThat(lifecycle.initialSyncElapsedMillis()).isNotNegative();
    }

    @Test
    void reconciliationsAreKeptAndNegativeCountsRefused() {
        lifecycle.reconciled(1, 1);
        lifecycle.decideStart();
        lifecycle.reconciled(3, 2);
        assertThat(lifecycle.reconciliations()).containsExactly(new FakeWarmRestartLifecycle.Reconciliation(3, 2));
        assertThatThrownBy(() -> lifecycle.reconciled(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEoiuTimeoutIsCheckedAsTheLifecycleChecksIt() {
        lifecycle.setEoiuTimeout(Duration.ofSeconds(5));
        assertThat(lifecycle.eoiuTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> lifecycle.setEoiuTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lifecycle.setEoiuTimeout(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lifecycle.initialSyncElapsedMillis()).isEqualTo(-1);
    }
}
