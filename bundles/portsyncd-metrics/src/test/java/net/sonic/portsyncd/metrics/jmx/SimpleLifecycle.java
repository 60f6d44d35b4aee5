package net.sonic.portsyncd.metrics.jmx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;

/** A small, real lifecycle: a WARM start whose initial sync ends by EOIU, timeout or operator. */
final class SimpleLifecycle implements WarmRestartLifecycle {
    private final List<StateTransition> transitions = new ArrayList<>();
    private LifecycleState state = LifecycleState.COLD_START;
    private StartDecision decision;
    private Duration eoiuTimeout = Duration.ofSeconds(30);
    private Consumer<SyncCompletion> onComplete;
    private long millis = 1_700_000_000_000L;
    private long syncStartedAt = -1;
    private long syncEndedAt = -1;

    @Override
    public synchronized StartDecision decideStart() {
        decision = new StartDecision(RestartMode.WARM, "WARM_RESTART_ENABLE_TABLE|swss enable=true", false,
                Optional.empty());
        move(LifecycleState.WARM_START);
        return decision;
    }

    @Override
    public synchronized void beginInitialSync(Consumer<SyncCompletion> completion) {
        onComplete = completion;
        move(LifecycleState.INITIAL_SYNC_IN_PROGRESS);
        syncStartedAt = millis;
    }

    @Override
    public void endOfInitialSync() {
        complete(SyncCompletion.EOIU);
    }

    @Override
    public boolean forceCompleteInitialSync() {
        return complete(SyncCompletion.FORCED);
    }

    private boolean complete(SyncCompletion how) {
        Consumer<SyncCompletion> callback;
        synchronized (this) {
            if (state != LifecycleState.INITIAL_SYNC_IN_PROGRESS) {
                return false;
            }
            millis += 1_500;
            syncEndedAt = millis;
            move(LifecycleState.INITIAL_SYNC_COMPLETE);
            callback = onComplete;
        }
        callback.accept(how);
        return true;
    }

    @Override
    public void reconciled(int written, int deleted) {
    }

    @Override
    public synchronized LifecycleState state() {
        return state;
    }

    @Override
    public synchronized Optional<StartDecision> lastDecision() {
        return Optional.ofNullable(decision);
    }

    @Override
    public synchronized List<StateTransition> transitions() {
        return List.copyOf(transitions);
    }

    @Override
    public synchronized Duration eoiuTimeout() {
        return eoiuTimeout;
    }

    @Override
    public synchronized void setEoiuTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("EOIU timeout must be between 0 and 1 h, was " + timeout);
        }
        eoiuTimeout = timeout;
    }

    @Override
    public synchronized long initialSyncElapsedMillis() {
        if (syncStartedAt < 0) {
            return -1;
        }
        return (syncEndedAt < 0 ? millis : syncEndedAt) - syncStartedAt;
    }

    private void move(LifecycleState next) {
        millis += 10;
        transitions.add(new StateTransition(state, next, millis));
        state = next;
    }
}
