package net.sonic.portsyncd.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.sync.SyncStatus;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.support.services.AlarmSwitch;
import net.sonic.portsyncd.support.services.MetricsSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine: the reference portsyncd's start-up and LinkSync::onMsg. Its state and its Redis work belong to
 * whoever holds the engine lock: the sync thread, or, to spare a link batch a thread hand-over, the capture thread
 * delivering it when the engine is idle, Redis is reachable and nothing is queued. Otherwise the batch joins the
 * sync thread's inbox, which never blocks.
 *
 * <p>Beyond the reference: while Redis is unreachable the engine stays up and keeps the latest message per port;
 * when Redis answers again, STATE_DB is verified against a fresh kernel dump and repaired ({@link Outage}); a
 * liveness probe finds outages, hung and restarted servers without waiting for a port change; after a netlink
 * overrun it makes STATE_DB equal to the kernel; on a warm start or a resume it holds STATE_DB writes during the
 * initial sync and then writes only what differs. REDIS_DOWN stays raised until STATE_DB has been verified.
 */
public final class LinkSync implements LinkListener, PortSyncService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSync.class);
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final LinkCapture capture;
    private final WarmRestartLifecycle lifecycle;
    private final SyncSettings settings;
    private final Clock clock;
    private final MetricsSwitch metrics = new MetricsSwitch();
    private final AlarmSwitch alarms = new AlarmSwitch();
    private final RedisHealth health = new RedisHealth(alarms, metrics, System::nanoTime);
    private final Inbox inbox;
    private final RedisSession redis;
    private final RedisProbe probe;
    private final PortRegistry registry = new PortRegistry();
    private final StateSaver saver;
    private final LiveLinks live = new LiveLinks();
    private final EventWriter writer = new EventWriter(metrics);
    private final Reconciler reconciler = new Reconciler(metrics);
    private final Startup startup;
    private final DumpRequests dumps;
    private final InitialSync initialSync = new InitialSync();
    private final ApplDbSignals signals = new ApplDbSignals();
    private final PortCountFollower portCount;
    private final long createdNanos = System.nanoTime();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ReentrantLock engine = new ReentrantLock();
    private final Thread thread;

    // guarded by the engine lock (start-up runs on the sync thread before anyone else may take it)
    private Outage outage;
    private Pending pending;
    private boolean holding;
    private String recoveryRunId;

    // read by operators at any time
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile boolean portInitDone;
    private volatile int backlogPorts;

    public LinkSync(SonicDb db, LinkCapture capture, WarmRestartLifecycle lifecycle, SyncSettings settings,
            Clock clock) {
        this.capture = capture;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.clock = clock;
        this.inbox = new Inbox(settings.queueCapacity(), metrics);
        this.redis = new RedisSession(db);
        this.dumps = new DumpRequests(inbox, capture);
        this.saver = new StateSaver(registry, () -> portInitDone, clock);
        PortConfigReader reader = new PortConfigReader(settings.maxConfigRowChars(), metrics);
        this.portCount = new PortCountFollower(reader);
        this.startup = new Startup(redis, lifecycle, capture, reader, registry, metrics, settings,
                dumps::request, () -> lifecycle.beginInitialSync(
                        reason -> inbox.offer(new Work.InitialSyncEnded(reason))));
        String suffix = capture.namespace().isEmpty() ? "" : "-" + capture.namespace();
        this.thread = new Thread(this::run, "portsyncd-sync" + suffix);
        this.probe = new RedisProbe(db, new ProbeFindings(), "portsyncd-redis-probe" + suffix);
    }

    /** Starts the sync thread; start-up (Appendix A order) runs on it. */
    public void start() {
        LOG.info("portsyncd sync engine starting on network namespace '{}'", capture.namespace());
        thread.start();
    }

    /** Records into this metrics service from now on (the metrics bundle is optional and may be replaced). */
    public void useMetrics(MetricsRecorder recorder) {
        metrics.bind(recorder);
    }

    public void releaseMetrics(MetricsRecorder recorder) {
        metrics.unbind(recorder);
    }

    /** Raises and clears alarms in this service from now on (the metrics bundle is optional and may be replaced). */
    public void useAlarms(AlarmService service) {
        alarms.bind(service);
    }

    public void releaseAlarms(AlarmService service) {
        alarms.unbind(service);
    }

    /** Saves port state into this store from now on (the persistence bundle is optional and may be replaced). */
    public void useStateStore(PortStateStore stateStore) {
        saver.use(stateStore);
    }

    /**
     * Stops saving into this store. With {@code lastSave} (the framework is stopping and took the store away before
     * the engine) it first gets the clean-shutdown save the engine's own stop can no longer write.
     */
    public void releaseStateStore(PortStateStore stateStore, boolean lastSave) {
        if (lastSave && started) {
            saver.saveNow(true);
        }
        saver.release(stateStore);
    }

    // ---- netlink delivery: apply when idle, else hand over ----

    /**
     * Called by the capture, one call at a time. When the engine is idle the batch is applied right here; otherwise
     * it is queued behind the work in progress. Work leaves the inbox only under the engine lock, so an empty inbox seen while
     * holding the lock means everything offered earlier is done, and kernel order is kept.
     */
    @Override
    public void onLinkBatch(List<LinkEvent> batch) {
        if (started && health.available() && !batch.isEmpty() && engine.tryLock()) {
            try {
                if (running && outage == null && inbox.isEmpty()) {
                    handleSafely(new Work.Events(batch));
                    afterWork();
                    if (outage != null) {
                        // the sync thread sleeps with the idle timeout; the retries are its job from now on
                        inbox.wakeUp();
                    }
                    return;
                }
            } finally {
                engine.unlock();
            }
        }
        inbox.offerEvents(batch);
    }

    @Override
    public void onResyncComplete(List<LinkEvent> kernelView) {
        inbox.offer(new Work.KernelView(List.copyOf(kernelView)));
    }

    // ---- operators ----

    @Override
    public SyncStatus status() {
        StartDecision decision = startup.decision();
        boolean attached = capture.attached();
        return new SyncStatus(started && running && attached, decision == null ? null : decision.mode(),
                signals.portConfigDone(), signals.portInitDone(), registry.awaitedCount(), registry.knownCount(),
                health.available(), backlogPorts, attached);
    }

    @Override
    public List<PortView> ports() {
        return registry.views();
    }

    @Override
    public CompletionStage<ResyncResult> resync() {
        if (!started || !running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the sync engine has not finished starting"));
        }
        CompletableFuture<ResyncResult> result = new CompletableFuture<>();
        dumps.request(DumpWatch.resync(result));
        return result;
    }

    @Override
    public boolean saveStateNow() {
        return started && saver.saveNow(false);
    }

    /** Stops the sync thread, closes its connections and, after a completed start-up, saves a clean shutdown. */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        inbox.wakeUp();
        probe.close();
        try {
            thread.join(STOP_WAIT_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("The sync thread did not stop within {} ms; interrupting it", STOP_WAIT_MILLIS);
                thread.interrupt();
                thread.join(STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a batch being applied by the capture finishes before its connections go
        engine.lock();
        try {
            redis.close();
        } finally {
            engine.unlock();
        }
        if (started) {
            saver.saveNow(true);
        }
        LOG.info("portsyncd sync engine stopped");
    }

    // ---- sync thread ----

    private void run() {
        try {
            if (!startUp()) {
                return;
            }
            long waitNanos = IDLE_WAIT_NANOS;
            while (running) {
                inbox.awaitWork(waitNanos);
                engine.lock();
                try {
                    Work work = inbox.poll(settings.maxBatchEvents());
                    if (work != null && running) {
                        handleSafely(work);
                    }
                    afterWork();
                    refreshSignals();
                    waitNanos = waitNanos();
                } finally {
                    engine.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean startUp() throws InterruptedException {
        RetryPacer pacer = new RetryPacer(settings);
        boolean waited = false;
        while (running) {
            try {
                startup.advance();
                break;
            } catch (DbException e) {
                metrics.increment(Counter.REDIS_ERRORS);
                redis.reset();
                if (!waited) {
                    LOG.warn("Start-up cannot reach the SONiC databases ({}); retrying every {} ms at most until they answer",
                            e.getMessage(), pacer.longestPauseMillis());
                }
                if (e instanceof DbUnavailableException unavailable) {
                    health.lost(unavailable, "start-up", 0, System.nanoTime());
                }
                waited = true;
            } catch (RuntimeException e) {
                redis.reset();
                if (!waited) {
                    LOG.warn("Start-up failed ({}); retrying every {} ms at most", e.toString(), pacer.longestPauseMillis(), e);
                }
                waited = true;
            }
            if (stopping.await(pacer.nextPauseNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        if (!running) {
            return false;
        }
        // nothing is owed from before this start: the initial sync reconciles or the cold start writes everything
        health.startUpDone();
        StartDecision decision = startup.decision();
        if (startup.warm()) {
            holding = true;
            pending = new Pending(createdNanos, false);
            decision.savedState().ifPresent(saved -> initialSync.seed(saved.ports().keySet()));
        }
        portCount.startFrom(startup.configuredNames(), startup.configuredPortCount());
        portInitDone = startup.portInitDoneFound();
        if (startup.portConfigDone() || decision.hotSwap()) {
            signals.markPortConfigDone();
        }
        if (portInitDone) {
            signals.markPortInitDone();
        }
        started = true;
        probe.start();
        LOG.info("Start-up done{} in {} ms; {} configured ports await their netdev; following netlink now",
                waited ? " (after waiting for Redis)" : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos), registry.awaitedCount());
        return true;
    }

    /** Under the engine lock, after each piece of work: outage recovery when due, the backlog gauge. */
    private void afterWork() {
        if (outage != null && outage.due(System.nanoTime()) && running) {
            tryRecover();
        }
        backlogPorts = pending == null ? 0 : live.countSince(pending.boundaryNanos());
    }

    /**
     * Sync thread, under the engine lock: what operators are told of APPL_DB's signals is read, not assumed, and
     * PortConfigDone's count follows the configured port set.
     */
    private void refreshSignals() {
        if (outage != null || !running) {
            return;
        }
        try {
            signals.refreshIfDue(redis);
            portCount.followIfDue(redis);
        } catch (DbUnavailableException e) {
            lost(e);
        } catch (RuntimeException e) {
            LOG.debug("Reading or following APPL_DB's PortConfigDone and PortInitDone failed: {}", e.toString());
        }
    }

    private long waitNanos() {
        return outage == null ? IDLE_WAIT_NANOS : outage.nanosUntilDue(System.nanoTime());
    }

    private void handleSafely(Work work) {
        try {
            handle(work);
        } catch (DbUnavailableException e) {
            lost(e);
        } catch (RuntimeException e) {
            metrics.increment(Counter.REDIS_ERRORS);
            LOG.error("Processing {} failed; the engine goes on with the next work", work.getClass().getSimpleName(), e);
        }
    }

    private void handle(Work work) {
        if (work instanceof Work.Events events) {
            onEvents(events.events());
        } else if (work instanceof Work.KernelView view) {
            onKernelView(view.links());
        } else if (work instanceof Work.DumpStarted started) {
            dumps.started(started.watch());
        } else if (work instanceof Work.DumpFinished finished) {
            onDumpFinished(finished);
        } else if (work instanceof Work.InitialSyncEnded ended) {
            onInitialSyncEnded(ended);
        } else if (work instanceof Work.RedisLost lostRedis) {
            onRedisLost(lostRedis);
        }
    }

    private void onEvents(List<LinkEvent> events) {
        Set<Integer> oldIfindexes = startup.oldIfindexes();
        // an operator resync compares its dump with STATE_DB at the end instead of rewriting every row
        boolean resyncing = dumps.comparing();
        List<LinkEvent> accepted = new ArrayList<>(events.size());
        for (LinkEvent event : events) {
            if (event.isDumpEntry()) {
                dumps.sawDumpAnswer(event.dumpSequence());
            }
            LinkFilter.Verdict verdict = LinkFilter.verdict(event, oldIfindexes);
            metrics.increment(verdict.counter());
            if (verdict.passesStaticRules()) {
                LinkEvent replaced = live.offer(event);
                if (replaced != null && pending != null && replaced.receivedNanos() - pending.boundaryNanos() >= 0) {
                    // the port's previous state was still waiting for Redis: only the latest will be written
                    metrics.increment(Counter.COALESCED_UPDATES);
                }
            }
            if (verdict == LinkFilter.Verdict.ACCEPTED && !(resyncing && event.isDumpEntry())) {
                accepted.add(event);
                logAccepted(event);
            }
        }
        if (accepted.isEmpty()) {
            maybeSendPortInitDone();
            return;
        }
        if (outage != null) {
            pending = Pending.afterFailure(pending, oldest(accepted));
            return;
        }
        if (pending != null) {
            return;
        }
        try {
            EventWriter.Applied applied = writer.apply(redis, accepted);
            long now = clock.millis();
            boolean changed = false;
            for (LinkEvent event : applied.written()) {
                changed |= registry.written(event, now);
                registry.arrived(event.name());
            }
            for (LinkEvent event : applied.deleted()) {
                changed |= registry.deleted(event.name());
            }
            if (!initialSync.ended()) {
                initialSync.count(applied.written().size(), applied.deleted().size());
            }
            live.forgetRemoved();
            if (changed) {
                saver.saveSoon();
            }
        } catch (DbUnavailableException e) {
            pending = Pending.afterFailure(pending, oldest(accepted));
            lost(e);
            return;
        }
        maybeSendPortInitDone();
    }

    /** Coalesced batches are not in receive order, so the oldest message is searched for. */
    private static long oldest(List<LinkEvent> events) {
        long oldest = events.get(0).receivedNanos();
        for (LinkEvent event : events) {
            if (event.receivedNanos() - oldest < 0) {
                oldest = event.receivedNanos();
            }
        }
        return oldest;
    }

    private static void logAccepted(LinkEvent event) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} ifindex {} admin {} oper {} mtu {} master {} kind {} family {} flags 0x{}",
                    event.type(), event.name(), event.ifindex(), event.adminUp() ? "up" : "down",
                    event.operUp() ? "up" : "down", event.mtu(), event.master(), event.kind(), event.family(),
                    Integer.toHexString(event.flags()));
        }
    }

    private void onKernelView(List<LinkEvent> links) {
        long boundary = System.nanoTime();
        for (LinkEvent link : links) {
            if (link.receivedNanos() - boundary < 0) {
                boundary = link.receivedNanos();
            }
            if (LinkFilter.staticVerdict(link).passesStaticRules()) {
                live.offer(link);
            }
        }
        // the view supersedes every message received before it
        pending = new Pending(boundary, true);
        LOG.debug("Netlink messages were lost to a receive overrun; bringing STATE_DB in line with the {} links the kernel has",
                links.size());
        if (holding || outage != null) {
            return;
        }
        Reconciler.Outcome outcome = reconcilePending();
        if (outcome.written().isEmpty() && outcome.deleted().isEmpty()) {
            LOG.debug("STATE_DB was already in line with the kernel after the overrun");
        } else {
            LOG.info("After a netlink overrun STATE_DB was brought in line with the kernel: {} rows written, {} deleted",
                    outcome.written().size(), outcome.deleted().size());
        }
        maybeSendPortInitDone();
    }

    private void onDumpFinished(Work.DumpFinished finished) {
        DumpWatch watch = finished.watch();
        if (!dumps.ended(watch)) {
            // a repair dump given up as overdue: a newer one stands in for it
            return;
        }
        if (finished.failure() != null) {
            Throwable cause = DumpRequests.unwrap(finished.failure());
            LOG.warn("A netlink dump failed: {}", cause.toString());
            switch (watch.purpose()) {
                case RESYNC -> {
                    watch.result().completeExceptionally(cause);
                    writeWhatTheFailedResyncSaw(watch);
                }
                case REPAIR -> outage.scheduleRetry();
                case INITIAL -> {
                    // EOIU then comes from the fallback timer
                }
            }
            return;
        }
        DumpCompletion completion = finished.completion();
        if (!watch.sawAnswersOf(completion.sequence())) {
            LOG.debug("Dump {} was answered before this listener was attached; taking its {} links from the completion",
                    completion.sequence(), completion.links().size());
            onEvents(completion.links().stream().filter(link -> !live.hasNewerThan(link)).toList());
        }
        switch (watch.purpose()) {
            case INITIAL -> {
                if (holding && pending != null) {
                    pending = pending.completed();
                }
                lifecycle.endOfInitialSync();
            }
            case RESYNC -> finishResync(watch, completion);
            case REPAIR -> firstRepairPass(completion);
        }
    }

    /** The repair dump of an outage ended: STATE_DB is made equal to it (and to every message since). */
    private void firstRepairPass(DumpCompletion completion) {
        pending = new Pending(completion.requestedAtNanos(), true);
        try {
            Reconciler.Outcome outcome = reconcilePending();
            outage.firstPass(completion.requestedAtNanos(), completion.links().size(), outcome, System.nanoTime());
        } catch (DbUnavailableException e) {
            pending = new Pending(completion.requestedAtNanos(), true);
            lost(e);
        }
    }

    private void finishResync(DumpWatch watch, DumpCompletion completion) {
        if (holding || outage != null) {
            watch.result().completeExceptionally(new IllegalStateException(holding
                    ? "the initial sync is still in progress" : "Redis is unreachable; STATE_DB is brought up to date when it returns"));
            return;
        }
        pending = new Pending(completion.requestedAtNanos(), true);
        try {
            Reconciler.Outcome outcome = reconcilePending();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - watch.startedNanos());
            LOG.info("Resync: {} links seen, {} rows written, {} deleted in {} ms", completion.links().size(),
                    outcome.written().size(), outcome.deleted().size(), millis);
            watch.result().complete(new ResyncResult(completion.links().size(), outcome.written().size(),
                    outcome.deleted().size(), millis));
        } catch (DbUnavailableException e) {
            watch.result().completeExceptionally(e);
            throw e;
        }
    }

    /** The dump entries a resync held back are written as far as they came. */
    private void writeWhatTheFailedResyncSaw(DumpWatch watch) {
        if (holding || outage != null) {
            return;
        }
        pending = new Pending(watch.startedNanos(), false);
        reconcilePending();
    }

    private void onInitialSyncEnded(Work.InitialSyncEnded ended) {
        if (!initialSync.end()) {
            return;
        }
        LOG.info("Initial sync ended ({}) after {} ms", ended.reason(), lifecycle.initialSyncElapsedMillis());
        if (holding) {
            holding = false;
            if (outage == null) {
                reconcilePending();
            }
        } else {
            reportReconciled();
        }
        maybeSendPortInitDone();
    }

    /** Runs the owed reconciliation; Redis failures propagate with the debt kept. */
    private Reconciler.Outcome reconcilePending() {
        Set<String> known = new HashSet<>(registry.knownNames());
        known.addAll(initialSync.savedPorts());
        Reconciler.Outcome outcome;
        try {
            outcome = reconciler.reconcile(redis, live.since(pending.boundaryNanos()), pending.complete(), known,
                    startup.oldIfindexes());
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // not a lost Redis: trying again would fail again, so the debt is dropped with the error logged
            pending = null;
            throw e;
        }
        pending = null;
        live.forgetRemoved();
        long now = clock.millis();
        boolean changed = false;
        for (LinkEvent event : outcome.current()) {
            changed |= registry.written(event, now);
            registry.arrived(event.name());
        }
        for (String name : outcome.gone()) {
            changed |= registry.deleted(name);
        }
        if (initialSync.owesReport()) {
            initialSync.count(outcome.written().size(), outcome.deleted().size());
            reportReconciled();
        } else if (changed) {
            saver.saveSoon();
        }
        return outcome;
    }

    private void reportReconciled() {
        lifecycle.reconciled(initialSync.written(), initialSync.deleted());
        initialSync.reported();
        LOG.info("Initial sync reconciled: {} STATE_DB rows written, {} deleted", initialSync.written(),
                initialSync.deleted());
        saver.saveNow(false);
    }

    private void maybeSendPortInitDone() {
        if (portInitDone || pending != null || outage != null || !registry.allArrived()) {
            return;
        }
        try {
            redis.producer().set(Startup.PORT_INIT_DONE, Map.of("lanes", "0"));
        } catch (DbUnavailableException e) {
            lost(e);
            return;
        }
        portInitDone = true;
        signals.markPortInitDone();
        metrics.increment(Counter.APPL_DB_WRITES);
        LOG.info("PortInitDone written: every configured port has its netdev");
        saver.saveSoon();
    }

    /**
     * A restart the probe found while an outage was being recovered on the restarted server is already covered by
     * that recovery: seen as a new outage it raised REDIS_DOWN a second time for one outage.
     */
    private void onRedisLost(Work.RedisLost lostRedis) {
        if (lostRedis.restartedAs() != null && lostRedis.restartedAs().equals(recoveryRunId)) {
            LOG.info("Redis restarted as run id {} during the outage; the recovery on that server covers it",
                    recoveryRunId);
            return;
        }
        lost(lostRedis.error());
    }

    /** The recovery's first answer: STATE_DB is brought up to date on this server. */
    private void recoveringOn(String runId) {
        long now = System.nanoTime();
        health.answered(now);
        recoveryRunId = runId;
        probe.recoveringOn(runId, now);
    }

    /** Redis went away: keep going, remember what is owed, try again later. Logged once per outage. */
    private void lost(DbUnavailableException e) {
        redis.reset();
        metrics.increment(Counter.REDIS_ERRORS);
        health.lost(e, "the sync thread", pending == null ? 0 : live.countSince(pending.boundaryNanos()),
                System.nanoTime());
        if (outage == null) {
            outage = new Outage(new RetryPacer(settings));
        } else if (outage.repair() != null) {
            dumps.giveUp(outage.repair());
        }
        outage.scheduleRetry();
    }

    /**
     * Steps of the recovery, each when due: Redis answers → a fresh kernel dump is asked for → (its end runs the
     * first pass) → the confirming pass → REDIS_DOWN cleared. During the warm initial sync the end of the window
     * reconciles everything anyway, so an answer is enough.
     */
    private void tryRecover() {
        long now = System.nanoTime();
        try {
            if (holding) {
                recoveringOn(redis.state().serverRunId(RedisProbe.TIMEOUT));
                recovered("STATE_DB is reconciled with the kernel when the initial sync ends");
            } else if (outage.repairDumpOverdue(now)) {
                LOG.warn("The repair dump did not end within {} ms; asking for another",
                        TimeUnit.NANOSECONDS.toMillis(Outage.REPAIR_DUMP_LIMIT_NANOS));
                dumps.giveUp(outage.repair());
                requestRepairDump(now);
            } else if (outage.repair() == null) {
                recoveringOn(redis.state().serverRunId(RedisProbe.TIMEOUT));
                requestRepairDump(now);
            } else if (outage.firstPassDone()) {
                pending = new Pending(outage.boundaryNanos(), true);
                Reconciler.Outcome confirmation = reconcilePending();
                if (!confirmation.written().isEmpty() || !confirmation.deleted().isEmpty()) {
                    LOG.info("The confirming pass after the outage rewrote {} rows and deleted {}: commands sent before"
                            + " the outage reached Redis after the first pass", confirmation.written().size(),
                            confirmation.deleted().size());
                }
                outage.add(confirmation);
                metrics.increment(Counter.STATE_DB_REPAIRS);
                recovered(outage.summary());
            }
        } catch (DbUnavailableException e) {
            LOG.debug("Redis is still unreachable: {}", e.getMessage());
            lost(e);
        } catch (RuntimeException e) {
            metrics.increment(Counter.REDIS_ERRORS);
            LOG.error("Bringing STATE_DB up to date after the outage failed; trying again", e);
            outage.scheduleRetry();
        }
    }

    private void requestRepairDump(long now) {
        DumpWatch repair = DumpWatch.repair();
        outage.repairRequested(repair, now);
        dumps.request(repair);
    }

    private void recovered(String what) {
        outage = null;
        health.verified(what);
        if (initialSync.owesReport()) {
            reportReconciled();
        }
        maybeSendPortInitDone();
    }

    /** The probe's findings become the sync thread's work, so that recovery follows them in order. */
    private final class ProbeFindings implements RedisProbe.Findings {
        @Override
        public void unreachable(DbUnavailableException error, long sentAtNanos) {
            if (health.lost(error, "the liveness probe", backlogPorts, sentAtNanos)) {
                inbox.offer(new Work.RedisLost(error, null));
            }
        }

        @Override
        public void restarted(String previousRunId, String runId, long previousAnswerNanos) {
            DbUnavailableException restart = new DbUnavailableException("Redis restarted (run id " + previousRunId
                    + " is now " + runId + "); its data may be gone or older than STATE_DB was", null);
            health.lost(restart, "the liveness probe", backlogPorts, previousAnswerNanos);
            inbox.offer(new Work.RedisLost(restart, runId));
        }

        @Override
        public void answered(long atNanos) {
            health.answered(atNanos);
        }
    }
}
