package net.sonic.portsyncd.testkit.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;

/**
 * A warm-restart lifecycle whose decision the test chooses ({@link #decideWith}) and whose EOIU fallback fires when
 * the test says ({@link #expireEoiuTimer}), not on a timer. Otherwise it keeps the contract as the warm-restart bundle
 * does: each decision begins a new run (transitions replaced), an initial sync completes exactly once (EOIU, TIMEOUT
 * or FORCED, its callback called outside the lifecycle's lock), a second begin while one runs is ignored, and every
 * report of the engine is kept for the test to read ({@link #completions}, {@link #reconciliations}).
 */
public final class FakeWarmRestartLifecycle implements WarmRestartLifecycle {
    private static final Duration LONGEST_TIMEOUT = Duration.ofHours(1);

    /** One {@link #reconciled} report. */
    public record Reconciliation(int written, int deleted) {
    }

    private StartDecision next = cold();
    private RuntimeException decisionFailure;
    private int failuresLeft;
    private int decisions;
    private LifecycleState state = LifecycleState.COLD_START;
    private final List<StateTransition> transitions = new ArrayList<>();
    private StartDecision lastDecision;
    private Consumer<SyncCompletion> window;
    private long windowStartNanos;
    private long windowEndNanos;
    private boolean windowRunning;
    private boolean windowEverStarted;
    private final List<SyncCompletion> completions = new ArrayList<>();
    private final List<Reconciliation> reconciliations = new ArrayList<>();
    private Duration eoiuTimeout = Duration.ofSeconds(60);

    public static StartDecision cold() {
        return new StartDecision(RestartMode.COLD, "cold: chosen by the test", false, Optional.empty());
    }

    /** A SONiC warm start (WARM_RESTART_ENABLE_TABLE and restore_count say so). */
    public static StartDecision sonicWarm() {
        return new StartDecision(RestartMode.WARM, "SONiC warm start: chosen by the test", false, Optional.empty());
    }

    /** A resume (APPL_DB holds PortConfigDone), seeded by {@code saved} when given. */
    public static StartDecision resume(Optional<PortStateSnapshot> saved) {
        return new StartDecision(RestartMode.WARM, "resume: chosen by the test", true, saved);
    }

    /** What the next {@link #decideStart} returns. */
    public synchronized void decideWith(StartDecision decision) {
        next = Objects.requireNonNull(decision, "decision");
    }

    /** The next {@code times} decisions throw {@code error} (an unreadable APPL_DB, say) before one succeeds. */
    public synchronized void failDecisions(RuntimeException error, int times) {
        decisionFailure = error;
        failuresLeft = times;
    }

    @Override
    public synchronized StartDecision decideStart() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw decisionFailure;
        }
        decisions++;
        if (windowRunning) {
            // the engine that opened it is gone: its callback is never called
            windowRunning = false;
            windowEndNanos = System.nanoTime();
        }
        lastDecision = next;
        transitions.clear();
        moveTo(next.mode() == RestartMode.WARM ? LifecycleState.WARM_START : LifecycleState.COLD_START);
        return next;
    }

    @Override
    public synchronized void beginInitialSync(Consumer<SyncCompletion> onComplete) {
        Objects.requireNonNull(onComplete, "onComplete");
        if (windowRunning) {
            return;
        }
        window = onComplete;
        windowRunning = true;
        windowEverStarted = true;
        windowStartNanos = System.nanoTime();
        moveTo(LifecycleState.INITIAL_SYNC_IN_PROGRESS);
    }

    @Override
    public void endOfInitialSync() {
        complete(SyncCompletion.EOIU);
    }

    @Override
    public boolean forceCompleteInitialSync() {
        return complete(SyncCompletion.FORCED);
    }

    /** The EOIU fallback timer fires; false when no initial sync was running. */
    public boolean expireEoiuTimer() {
        return complete(SyncCompletion.TIMEOUT);
    }

    private boolean complete(SyncCompletion how) {
        Consumer<SyncCompletion> callback;
        synchronized (this) {
            if (!windowRunning) {
                return false;
            }
            windowRunning = false;
            windowEndNanos = System.nanoTime();
            completions.add(how);
            callback = window;
            moveTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        }
        callback.accept(how);
        return true;
    }

    @Override
    public synchronized void reconciled(int written, int deleted) {
        if (written < 0 || deleted < 0) {
            throw new IllegalArgumentException("negative reconciliation counts: " + written + ", " + deleted);
        }
        if (lastDecision != null) {
            reconciliations.add(new Reconciliation(written, deleted));
        }
    }

    @Override
    public synchronized LifecycleState state() {
        return state;
    }

    @Override
    public synchronized Optional<StartDecision> lastDecision() {
        return Optional.ofNullable(lastDecision);
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
        if (timeout == null || timeout.isNegative() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the EOIU timeout must be between 0 and 1 hour, was " + timeout);
        }
        eoiuTimeout = timeout;
    }

    @Override
    public synchronized long initialSyncElapsedMillis() {
        if (!windowEverStarted) {
            return -1;
        }
        return Duration.ofNanos((windowRunning ? System.nanoTime() : windowEndNanos) - windowStartNanos).toMillis();
    }

    /** How the initial syncs ended, in order. */
    public synchronized List<SyncCompletion> completions() {
        return List.copyOf(completions);
    }

    /** Every reconciliation the engine reported, in order. */
    public synchronized List<Reconciliation> reconciliations() {
        return List.copyOf(reconciliations);
    }

    public synchronized boolean initialSyncRunning() {
        return windowRunning;
    }

    /** Decisions taken (failed attempts not counted). */
    public synchronized int decisions() {
        return decisions;
    }

    private void moveTo(LifecycleState to) {
        if (to != state) {
            transitions.add(new StateTransition(state, to, System.currentTimeMillis()));
            state = to;
        }
    }
}
