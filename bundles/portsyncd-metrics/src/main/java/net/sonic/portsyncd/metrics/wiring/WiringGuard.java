package net.sonic.portsyncd.metrics.wiring;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps portsyncd's bundles wired to one revision of each other. After any event of one of them (an update, a
 * resolve, a start) and a quiet time, it inspects the wiring; when an update was not followed by a refresh it
 * raises {@link AlarmType#BUNDLE_WIRING} and refreshes exactly the portsyncd bundles concerned (the framework
 * adds the bundles that depend on them). That refresh restarts the engine, which resumes without a hit since the
 * consumers of its output are alive.
 *
 * <p>The refresh usually restarts this guard too. What the next incarnation needs is kept in a {@link RefreshMemo}:
 * that a refresh ran and why (so it reports the healing and clears the alarm), and how many ran without healing
 * (after {@value #MAX_REFRESHES} it stops refreshing and leaves the alarm to an operator).
 */
public final class WiringGuard implements AutoCloseable {
    static final int MAX_REFRESHES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(WiringGuard.class);

    private final BundleContext context;
    private final FrameworkWiring frameworkWiring;
    private final AlarmService alarms;
    private final RefreshMemo memo;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final BundleListener listener = this::bundleChanged;
    private GuardSettings settings;
    private ScheduledFuture<?> pendingCheck;
    private boolean closed;

    public WiringGuard(BundleContext context, AlarmService alarms, RefreshMemo memo, GuardSettings settings,
            Clock clock) {
        this.context = context;
        this.frameworkWiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        this.alarms = alarms;
        this.memo = memo;
        this.settings = settings;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portsyncd-wiring-guard");
            thread.setDaemon(true);
            return thread;
        });
        context.addBundleListener(listener);
        LOG.info("Bundle wiring guard started (refresh {}, debounce {} ms)",
                settings.refreshEnabled() ? "on" : "off", settings.debounce().toMillis());
        // a refresh of ours resolved every bundle before starting this one: what we see now is its outcome
        executor.execute(() -> check(false));
        scheduleCheck();
    }

    public synchronized void reconfigure(GuardSettings changed) {
        settings = changed;
        LOG.info("Bundle wiring guard reconfigured (refresh {}, debounce {} ms)",
                changed.refreshEnabled() ? "on" : "off", changed.debounce().toMillis());
        scheduleCheck();
    }

    /** Reports the outcome of a refresh this guard survived. */
    private synchronized void checkNow() {
        if (!closed) {
            executor.execute(() -> check(false));
        }
    }

    private void bundleChanged(BundleEvent event) {
        if (WiringInspection.ours(event.getBundle())) {
            scheduleCheck();
        }
    }

    /** (Re)starts the quiet time: the check runs once no event of ours came for the debounce time. */
    private synchronized void scheduleCheck() {
        if (closed) {
            return;
        }
        if (pendingCheck != null) {
            pendingCheck.cancel(false);
        }
        pendingCheck = executor.schedule(() -> check(true), settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Clears the alarm and ends a series of refreshes when the wiring is consistent; acts on a problem only when
     * {@code mayAct}, that is after a quiet time, so that a series of updates still under way is refreshed once.
     */
    private void check(boolean mayAct) {
        Optional<WiringProblem> problem;
        try {
            problem = WiringInspection.inspect(context.getBundles(), frameworkWiring.getRemovalPendingBundles());
        } catch (IllegalStateException stopping) {
            return; // our bundle is stopping: the next incarnation checks again
        } catch (RuntimeException e) {
            // the framework changes under the inspection (a refresh in progress): look again after the quiet time
            LOG.warn("Inspecting the portsyncd bundle wiring failed ({}); checking again", e.toString());
            scheduleCheck();
            return;
        }
        if (problem.isPresent()) {
            if (mayAct) {
                act(problem.get());
            }
        } else {
            memo.last().ifPresent(refresh -> LOG.info("portsyncd bundle wiring is consistent after refreshing {} at {} "
                    + "because {}", refresh.bundles(), refresh.at(), refresh.reason()));
            memo.forget();
            alarms.clear(AlarmType.BUNDLE_WIRING, "portsyncd bundles wired consistently");
        }
    }

    private void act(WiringProblem problem) {
        GuardSettings current;
        synchronized (this) {
            current = settings;
        }
        if (!current.refreshEnabled()) {
            alarms.raise(AlarmType.BUNDLE_WIRING, problem.severity(), problem.reason()
                    + "; automatic refresh is off (refresh.enabled = false), run bundle:refresh", problem.details());
            return;
        }
        int earlier = memo.last().map(RefreshMemo.Entry::consecutive).orElse(0);
        if (earlier >= MAX_REFRESHES) {
            alarms.raise(AlarmType.BUNDLE_WIRING, AlarmSeverity.CRITICAL, problem.reason() + "; " + earlier
                    + " refreshes did not make the wiring consistent, no more are tried", problem.details());
            return;
        }
        alarms.raise(AlarmType.BUNDLE_WIRING, problem.severity(), problem.reason() + "; refreshing "
                + problem.bundleNames(), problem.details());
        // recorded first: the refresh may stop this guard before it could write anything
        RefreshMemo.Entry refresh = memo.record(clock.instant(), problem.bundleNames(), problem.reason());
        LOG.info("Refreshing {} (refresh {} of at most {}) because {}", problem.bundleNames(), refresh.consecutive(),
                MAX_REFRESHES, problem.reason());
        frameworkWiring.refreshBundles(problem.refresh(), event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                LOG.warn("Refresh of {} reported an error", problem.bundleNames(), event.getThrowable());
            }
            checkNow();
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            context.removeBundleListener(listener);
        } catch (IllegalStateException alreadyStopped) {
            // the framework removed it with our bundle's context
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The bundle wiring guard thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Bundle wiring guard stopped");
    }
}
