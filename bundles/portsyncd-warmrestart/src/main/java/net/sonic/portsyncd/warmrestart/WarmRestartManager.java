package net.sonic.portsyncd.warmrestart;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.support.services.AlarmSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-restart lifecycle of one sync engine: the start decision (SONiC's warm-start check, then the live
 * evidence of APPL_DB that decides between a resume and a cold start), the initial-sync window with its scheduled
 * EOIU fallback timeout, and the reconciliation mark in STATE_DB.
 *
 * <p>Each {@link #decideStart()} begins a new run: the transitions and the decision of the previous run are
 * replaced. The state store, the metrics recorder and the alarm service may come and go at any time.
 *
 * <p>An initial sync completed by the fallback timeout raises EOIU_TIMEOUT: the engine went on without knowing
 * that it had seen every port. The alarm stays until an initial sync (of this run or a later one) sees the end of
 * its dump.
 */
public class WarmRestartManager implements WarmRestartLifecycle, AutoCloseable {
    static final String APP = "portsyncd";
    static final String DOCKER = "swss";
    static final String TIMER_THREAD = "portsyncd-eoiu-timer";

    private static final Logger LOG = LoggerFactory.getLogger(WarmRestartManager.class);

    private final SonicDb db;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService timer = newTimer();
    private final AtomicReference<PortStateStore> store = new AtomicReference<>();
    private final AtomicReference<MetricsRecorder> metrics = new AtomicReference<>(MetricsRecorder.NONE);
    private final AlarmSwitch alarms = new AlarmSwitch();

    private final Object lock = new Object();
    private WarmRestartSettings settings;
    private LifecycleState state = LifecycleState.COLD_START;
    private final List<StateTransition> transitions = new ArrayList<>();
    private StartDecision lastDecision;
    private InitialSyncWindow window;
    private boolean closed;

    /**
     * @param clock    wall clock for transition stamps and the age of the state file
     * @param nanoTime monotonic time for the initial-sync duration
     */
    public WarmRestartManager(SonicDb db, WarmRestartSettings settings, Clock clock, LongSupplier nanoTime) {
        this.db = Objects.requireNonNull(db, "db");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        LOG.info("Warm-restart lifecycle ready: EOIU fallback timeout {} ms, hot-swap maximum age {} s",
                settings.eoiuTimeout().toMillis(), settings.hotSwapMaxAge().toSeconds());
    }

    /** Plain-Java entry point; {@code eoiuTimeout} null means the default. */
    public static WarmRestartManager create(SonicDb db, PortStateStore storeOrNull, Duration eoiuTimeout,
            MetricsRecorder metrics) {
        Duration timeout = eoiuTimeout == null ? WarmRestartSettings.DEFAULT_EOIU_TIMEOUT : eoiuTimeout;
        WarmRestartManager manager = new WarmRestartManager(db,
                new WarmRestartSettings(timeout, WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE), Clock.systemUTC(),
                System::nanoTime);
        manager.useStateStore(storeOrNull);
        manager.useMetrics(metrics);
        return manager;
    }

    /** The store whose file may seed a resume; null when there is none. */
    public void useStateStore(PortStateStore storeOrNull) {
        store.set(storeOrNull);
    }

    /** Forgets {@code gone} if it is still the store in use. */
    public void releaseStateStore(PortStateStore gone) {
        store.compareAndSet(gone, null);
    }

    public void useMetrics(MetricsRecorder recorderOrNull) {
        metrics.set(recorderOrNull == null ? MetricsRecorder.NONE : recorderOrNull);
    }

    public void releaseMetrics(MetricsRecorder gone) {
        metrics.compareAndSet(gone, MetricsRecorder.NONE);
    }

    public void useAlarms(AlarmService service) {
        alarms.bind(service == null ? AlarmService.NONE : service);
    }

    public void releaseAlarms(AlarmService gone) {
        alarms.unbind(gone);
    }

    /** Applies new settings; a changed EOIU timeout reschedules the fallback of a running initial sync. */
    public void applySettings(WarmRestartSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        synchronized (lock) {
            settings = newSettings;
            rearmRunningSync();
        }
        LOG.info("Warm-restart settings applied: EOIU fallback timeout {} ms, hot-swap maximum age {} s",
                newSettings.eoiuTimeout().toMillis(), newSettings.hotSwapMaxAge().toSeconds());
    }

    public WarmRestartSettings settings() {
        synchronized (lock) {
            return settings;
        }
    }

    /**
     * Runs SONiC's warm-start check exactly once (it writes restore_count), then reads APPL_DB's port signals.
     *
     * @throws net.sonic.portsyncd.api.db.DbException when STATE_DB or APPL_DB cannot be read: no mode is guessed,
     *         because a wrong cold start would replay the port configuration and take ports down
     */
    @Override
    public StartDecision decideStart() {
        ensureOpen();
        abandonPreviousWindow();
        StartDecision decision = decide(db.warmStart().checkWarmStart(APP, DOCKER), store.get());
        synchronized (lock) {
            lastDecision = decision;
            transitions.clear();
            moveTo(decision.mode() == RestartMode.WARM ? LifecycleState.WARM_START : LifecycleState.COLD_START);
        }
        LOG.info("Start decision {}: {}", decision.mode(), decision.reason());
        record(decision);
        return decision;
    }

    /**
     * SONiC's warm start first (its protocol is unchanged); then the live evidence of APPL_DB: a PortConfigDone
     * that survived means orchagent is alive, so this start resumes (no replay, no admin-down) whatever the state
     * file says; without it, the reference's cold start. The state file only seeds a resume.
     */
    private StartDecision decide(WarmStartCheck check, PortStateStore stateStore) {
        Optional<LoadOutcome> outcome = Optional.ofNullable(stateStore).map(WarmRestartManager::load);
        Optional<PortStateSnapshot> saved = outcome.flatMap(LoadOutcome::snapshot);
        if (check.warm()) {
            return new StartDecision(RestartMode.WARM, "SONiC " + check.reason(), false, saved);
        }
        PortSignals signals = PortSignals.read(db);
        SavedStateCheck.Verdict verdict = stateStore == null
                ? new SavedStateCheck.Verdict(false, "no state store is bound")
                : SavedStateCheck.evaluate(saved, bootId(stateStore), clock.millis(), settings().hotSwapMaxAge());
        String stateFile = verdict.describe() + (verdict.usable() ? " (" + outcome.get().source() + ")" : "");
        if (signals.consumersAlive()) {
            return new StartDecision(RestartMode.WARM, "resume: " + signals.describe() + "; SONiC "
                    + check.reason() + "; " + stateFile, true, verdict.usable() ? saved : Optional.empty());
        }
        return new StartDecision(RestartMode.COLD, "cold: " + signals.describe() + "; SONiC " + check.reason(),
                false, saved);
    }

    private static LoadOutcome load(PortStateStore stateStore) {
        try {
            return stateStore.load();
        } catch (RuntimeException e) {
            LOG.warn("The state store failed to load; treating it as empty", e);
            return new LoadOutcome(Optional.empty(), "none", List.of());
        }
    }

    private static String bootId(PortStateStore stateStore) {
        try {
            return stateStore.currentBootId();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the running kernel's boot id", e);
            return null;
        }
    }

    /*
     * Rejected candidates (CORRUPTION_DETECTED) and a backup used instead of the live file (STATE_RECOVERY) are
     * counted by the state store where they happen, once per candidate; counting them here again would double them.
     */
    private void record(StartDecision decision) {
        MetricsRecorder recorder = metrics.get();
        if (decision.mode() == RestartMode.WARM) {
            recorder.increment(Counter.WARM_RESTART);
            recorder.mark(Timestamp.LAST_WARM_RESTART);
        } else {
            recorder.increment(Counter.COLD_START);
        }
    }

    /**
     * Starts the initial sync and schedules its fallback. A call while a sync is running is ignored (and its
     * callback is not kept); a call after completion starts a new window.
     */
    @Override
    public void beginInitialSync(Consumer<SyncCompletion> onComplete) {
        Objects.requireNonNull(onComplete, "onComplete");
        Duration timeout;
        synchronized (lock) {
            ensureOpen();
            if (window != null && window.running()) {
                LOG.warn("beginInitialSync ignored: an initial sync is already running");
                return;
            }
            window = new InitialSyncWindow(onComplete, nanoTime.getAsLong());
            moveTo(LifecycleState.INITIAL_SYNC_IN_PROGRESS);
            timeout = settings.eoiuTimeout();
            armFallbackTimer(window, timeout);
        }
        LOG.info("Initial sync started; EOIU fallback timeout {} ms", timeout.toMillis());
    }

    @Override
    public void endOfInitialSync() {
        if (!complete(currentWindow(), SyncCompletion.EOIU)) {
            LOG.debug("End of dump with no initial sync running: nothing to complete");
        }
    }

    @Override
    public boolean forceCompleteInitialSync() {
        return complete(currentWindow(), SyncCompletion.FORCED);
    }

    /**
     * A new start decision means the engine that opened the running window is gone (a resume restarts it): its
     * window is closed without calling back into it, since the bundle revision that owns the callback may already
     * have been refreshed away.
     */
    private void abandonPreviousWindow() {
        synchronized (lock) {
            if (window != null && window.running()) {
                window.abandon(nanoTime.getAsLong());
                LOG.warn("A new start decision abandoned the initial sync of the previous run");
            }
        }
    }

    private InitialSyncWindow currentWindow() {
        synchronized (lock) {
            return window;
        }
    }

    /** Completes {@code sync} once; every later or concurrent attempt returns false. */
    private boolean complete(InitialSyncWindow sync, SyncCompletion how) {
        long durationNanos;
        Duration timeout;
        StartDecision decision;
        synchronized (lock) {
            if (sync == null || sync != window || !sync.running()) {
                return false;
            }
            durationNanos = sync.complete(how, nanoTime.getAsLong());
            timeout = settings.eoiuTimeout();
            decision = lastDecision;
            moveTo(LifecycleState.INITIAL_SYNC_COMPLETE);
        }
        MetricsRecorder recorder = metrics.get();
        recorder.recordNanos(Histogram.INITIAL_SYNC_DURATION, durationNanos);
        long millis = TimeUnit.NANOSECONDS.toMillis(durationNanos);
        switch (how) {
            case EOIU -> {
                recorder.increment(Counter.EOIU_DETECTED);
                recorder.mark(Timestamp.LAST_EOIU_DETECTION);
                LOG.info("Initial sync complete: end of dump after {} ms", millis);
                alarms.clear(AlarmType.EOIU_TIMEOUT, "initial sync completed by the end of dump after " + millis
                        + " ms");
            }
            case TIMEOUT -> {
                recorder.increment(Counter.EOIU_TIMEOUT);
                LOG.warn("Initial sync completed by the {} ms fallback timeout: no end of dump was seen",
                        timeout.toMillis());
                raiseEoiuTimeout(timeout, decision);
            }
            case FORCED -> LOG.info("Initial sync completed on request after {} ms", millis);
        }
        try {
            sync.onComplete().accept(how);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the callback's bundle was refreshed while its window was open
            LOG.error("The initial-sync completion callback failed", e);
        }
        return true;
    }

    private void raiseEoiuTimeout(Duration timeout, StartDecision decision) {
        String mode = decision == null ? "none" : decision.mode().name();
        alarms.raise(AlarmType.EOIU_TIMEOUT, AlarmSeverity.MINOR,
                "initial sync (" + mode + " start) completed by the " + timeout.toMillis()
                        + " ms fallback timeout: no end of the netlink dump was seen",
                Map.of("timeoutMillis", Long.toString(timeout.toMillis()),
                        "mode", mode,
                        "hotSwap", Boolean.toString(decision != null && decision.hotSwap())));
    }

    /** Writes state=reconciled in WARM mode only: the reference never writes {@code state} on a cold start. */
    @Override
    public void reconciled(int written, int deleted) {
        if (written < 0 || deleted < 0) {
            throw new IllegalArgumentException("negative reconciliation counts: " + written + ", " + deleted);
        }
        Optional<StartDecision> decision = lastDecision();
        if (decision.isEmpty()) {
            LOG.warn("Reconciliation reported before any start decision ({} written, {} deleted): ignored",
                    written, deleted);
            return;
        }
        if (decision.get().mode() == RestartMode.WARM) {
            db.warmStart().setWarmStartState(APP, WarmStartState.RECONCILED);
            LOG.info("Reconciled after a {} start: {} rows written, {} deleted; WARM_RESTART_TABLE|{} state={}",
                    decision.get().hotSwap() ? "resumed" : "SONiC warm", written, deleted, APP,
                    WarmStartState.RECONCILED.wireName());
        } else {
            LOG.info("Reconciled after a cold start: {} rows written, {} deleted", written, deleted);
        }
    }

    @Override
    public LifecycleState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public Optional<StartDecision> lastDecision() {
        synchronized (lock) {
            return Optional.ofNullable(lastDecision);
        }
    }

    @Override
    public List<StateTransition> transitions() {
        synchronized (lock) {
            return List.copyOf(transitions);
        }
    }

    @Override
    public Duration eoiuTimeout() {
        return settings().eoiuTimeout();
    }

    @Override
    public void setEoiuTimeout(Duration timeout) {
        WarmRestartSettings.checkEoiuTimeout(timeout);
        synchronized (lock) {
            settings = settings.withEoiuTimeout(timeout);
            rearmRunningSync();
        }
        LOG.info("EOIU fallback timeout set to {} ms", timeout.toMillis());
    }

    @Override
    public long initialSyncElapsedMillis() {
        synchronized (lock) {
            return window == null ? -1 : TimeUnit.NANOSECONDS.toMillis(window.elapsedNanos(nanoTime.getAsLong()));
        }
    }

    /** Stops the timer thread. A running initial sync is abandoned: its engine is going away too. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (window != null && window.running()) {
                window.abandon(nanoTime.getAsLong());
                LOG.info("Closed with an initial sync running; its completion is abandoned");
            }
        }
        timer.shutdownNow();
    }

    private void rearmRunningSync() {
        if (window != null && window.running() && !closed) {
            armFallbackTimer(window, settings.eoiuTimeout());
        }
    }

    /** Schedules the fallback for what is left of {@code timeout}; zero or less completes at once. */
    private void armFallbackTimer(InitialSyncWindow sync, Duration timeout) {
        long remainingNanos = Math.max(0, timeout.toNanos() - sync.elapsedNanos(nanoTime.getAsLong()));
        sync.armFallbackTimer(timer.schedule(() -> complete(sync, SyncCompletion.TIMEOUT), remainingNanos,
                TimeUnit.NANOSECONDS));
    }

    private void moveTo(LifecycleState next) {
        if (next != state) {
            StateTransition transition = new StateTransition(state, next, clock.millis());
            transitions.add(transition);
            state = next;
            LOG.info("Lifecycle {} -> {}", transition.from(), transition.to());
        }
    }

    private void ensureOpen() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the warm-restart lifecycle is closed");
            }
        }
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, TIMER_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
