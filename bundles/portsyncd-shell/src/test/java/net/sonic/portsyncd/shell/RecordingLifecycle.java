package net.sonic.portsyncd.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;

/** A lifecycle whose state the test sets and whose operator calls it records. */
final class RecordingLifecycle implements WarmRestartLifecycle {
    LifecycleState state = LifecycleState.INITIAL_SYNC_IN_PROGRESS;
    Optional<StartDecision> decision = Optional.empty();
    List<StateTransition> transitions = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(30);
    long elapsedMillis = -1;
    int forceCalls;

    @Override
    public StartDecision decideStart() {
        throw new UnsupportedOperationException("the shell never decides the start");
    }

    @Override
    public void beginInitialSync(Consumer<SyncCompletion> onComplete) {
        throw new UnsupportedOperationException("the shell never begins a sync");
    }

    @Override
    public void endOfInitialSync() {
        throw new UnsupportedOperationException("the shell never reports EOIU");
    }

    @Override
    public boolean forceCompleteInitialSync() {
        forceCalls++;
        if (state != LifecycleState.INITIAL_SYNC_IN_PROGRESS) {
            return false;
        }
        state = LifecycleState.INITIAL_SYNC_COMPLETE;
        return true;
    }

    @Override
    public void reconciled(int written, int deleted) {
        throw new UnsupportedOperationException("the shell never reconciles");
    }

    @Override
    public LifecycleState state() {
        return state;
    }

    @Override
    public Optional<StartDecision> lastDecision() {
        return decision;
    }

    @Override
    public List<StateTransition> transitions() {
        return transitions;
    }

    @Override
    public Duration eoiuTimeout() {
        return timeout;
    }

    @Override
    public void setEoiuTimeout(Duration timeout) {
        if (timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        this.timeout = timeout;
    }

    @Override
    public long initialSyncElapsedMillis() {
        return elapsedMillis;
    }
}
