package net.sonic.portsyncd.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;

/**
 * The real lifecycle, with the instant the engine reported its reconciliation (and what it wrote) kept for the
 * benchmark: the engine calls {@link #reconciled} right after its last reconciling write.
 */
final class TimedLifecycle implements WarmRestartLifecycle {
    /** One reported reconciliation. */
    record Reconciliation(long nanos, int written, int deleted) {
    }

    private final WarmRestartLifecycle delegate;
    private volatile Reconciliation last;

    TimedLifecycle(WarmRestartLifecycle delegate) {
        this.delegate = delegate;
    }

    /** The latest reconciliation reported, or null. */
    Reconciliation lastReconciliation() {
        return last;
    }

    @Override
    public void reconciled(int written, int deleted) {
        delegate.reconciled(written, deleted);
        last = new Reconciliation(System.nanoTime(), written, deleted);
    }

    @Override
    public StartDecision decideStart() {
        return delegate.decideStart();
    }

    @Override
    public void beginInitialSync(Consumer<SyncCompletion> onComplete) {
        delegate.beginInitialSync(onComplete);
    }

    @Override
    public void endOfInitialSync() {
        delegate.endOfInitialSync();
    }

    @Override
    public boolean forceCompleteInitialSync() {
        return delegate.forceCompleteInitialSync();
    }

    @Override
    public LifecycleState state() {
        return delegate.state();
    }

    @Override
    public Optional<StartDecision> lastDecision() {
        return delegate.lastDecision();
    }

    @Override
    public List<StateTransition> transitions() {
        return delegate.transitions();
    }

    @Override
    public Duration eoiuTimeout() {
        return delegate.eoiuTimeout();
    }

    @Override
    public void setEoiuTimeout(Duration timeout) {
        delegate.setEoiuTimeout(timeout);
    }

    @Override
    public long initialSyncElapsedMillis() {
        return delegate.initialSyncElapsedMillis();
    }
}
