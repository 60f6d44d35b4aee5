package net.sonic.portsyncd.api.warm;

import java.util.function.Consumer;

/**
 * The warm-restart lifecycle. The sync engine calls {@link #decideStart()} when it starts, then
 * {@link #beginInitialSync}, reports EOIU with {@link #endOfInitialSync()}, and {@link #reconciled} when its
 * writes are done.
 */
public interface WarmRestartLifecycle {

    /** Runs SONiC's warm-start check (restore_count) and the hot-swap check, and returns the mode. */
    StartDecision decideStart();

    /**
     * Starts the initial sync window and its fallback timer. {@code onComplete} is called exactly once, with
     * EOIU, TIMEOUT or FORCED, on the lifecycle's timer thread or the caller's.
     */
    void beginInitialSync(Consumer<SyncCompletion> onComplete);

    /** The end-of-dump of the engine's own dump arrived (EOIU). Idempotent. */
    void endOfInitialSync();

    /** Operator request to end the initial sync now. Idempotent; false when no sync is running. */
    boolean forceCompleteInitialSync();

    /**
     * The engine finished reconciliation: {@code written} rows were written and {@code deleted} rows deleted.
     * In WARM mode this sets WARM_RESTART_TABLE|portsyncd state=reconciled.
     */
    void reconciled(int written, int deleted);

    LifecycleState state();

    /** The decision of the current run, empty before {@link #decideStart()}. */
    java.util.Optional<StartDecision> lastDecision();

    /** Every state transition of the current run, oldest first. */
    java.util.List<StateTransition> transitions();

    /** The EOIU fallback timeout in force. */
    java.time.Duration eoiuTimeout();

    /**
     * Changes the EOIU fallback timeout (operator override, e.g. over JMX); applies to a running sync too.
     *
     * @throws IllegalArgumentException for a negative or absurd value (more than one hour)
     */
    void setEoiuTimeout(java.time.Duration timeout);

    /** Milliseconds since the initial sync began, or -1 when none ran. Stops at completion. */
    long initialSyncElapsedMillis();
}
