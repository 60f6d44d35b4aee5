package net.sonic.portsyncd.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.support.files.RefusedPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics with their persistence: loads {@code metrics.json} when created, saves it periodically (only when
 * something changed), after a reset and when closed. A refused file or directory (a symbolic link, the wrong kind
 * of file, another user's directory; see {@link MetricsFile}) is neither read nor written and raises
 * METRICS_FILE_REFUSED until a save succeeds.
 */
public class MetricsService implements MetricsRecorder, MetricsReader, MetricsAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

    private final MetricsRegistry registry;
    private final ScheduledExecutorService timer;
    private final MetricsFileAlarm fileAlarm = new MetricsFileAlarm();
    private MetricsSettings settings;
    private MetricsFile file;
    private ScheduledFuture<?> periodicSave;
    private byte[] lastSaved = new byte[0];
    private boolean saveFailing;

    public MetricsService(Clock clock, MetricsSettings settings) {
        this.registry = new MetricsRegistry(clock);
        this.timer = newTimer();
        synchronized (this) {
            this.settings = settings;
            this.file = new MetricsFile(settings.directory());
            load();
            schedule();
        }
        LOG.info("Metrics active: {} saved every {} ms", file.path(), settings.persistInterval().toMillis());
    }

    @Override
    public void add(Counter counter, long delta) {
        registry.add(counter, delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        registry.recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        registry.mark(timestamp);
    }

    @Override
    public MetricsSnapshot snapshot() {
        return registry.snapshot();
    }

    @Override
    public synchronized void reset() {
        registry.reset();
        LOG.info("Metrics reset");
        save();
    }

    public synchronized Path file() {
        return file.path();
    }

    /** Where METRICS_FILE_REFUSED goes; a refusal found before is raised now. */
    public void bindAlarms(AlarmService alarms) {
        fileAlarm.bind(alarms);
    }

    public void unbindAlarms(AlarmService alarms) {
        fileAlarm.unbind(alarms);
    }

    /** Applies new settings: the metrics are saved where they were, then where they go, at the new interval. */
    public synchronized void reconfigure(MetricsSettings next) {
        if (next.equals(settings)) {
            return;
        }
        save();
        settings = next;
        file = new MetricsFile(next.directory());
        lastSaved = new byte[0];
        save();
        periodicSave.cancel(false);
        schedule();
        LOG.info("Metrics now {} saved every {} ms", file.path(), next.persistInterval().toMillis());
    }

    /** Saves now unless nothing changed since the last save; a failure is logged (WARN once per streak). */
    public synchronized boolean save() {
        try {
            byte[] content = file.encode(registry.export());
            if (Arrays.equals(content, lastSaved)) {
                return true;
            }
            file.write(content);
            lastSaved = content;
            if (saveFailing) {
                LOG.info("Metrics saved to {} again", file.path());
                saveFailing = false;
            }
            fileAlarm.usable();
            return true;
        } catch (RefusedPathException e) {
            saveFailing = true;
            fileAlarm.refused(e, "the metrics are not saved");
            return false;
        } catch (IOException | RuntimeException e) {
            if (saveFailing) {
                LOG.debug("Metrics still cannot be saved to {}", file.path(), e);
            } else {
                LOG.warn("Metrics cannot be saved to {}: {}", file.path(), e.toString());
                saveFailing = true;
            }
            return false;
        }
    }

    @Override
    public synchronized void close() {
        periodicSave.cancel(false);
        timer.shutdown();
        save();
        LOG.info("Metrics saved to {} and closed", file.path());
    }

    private void load() {
        try {
            file.read().ifPresentOrElse(persisted -> {
                registry.merge(persisted);
                lastSaved = file.encode(registry.export());
                LOG.info("Metrics restored from {}", file.path());
            }, () -> LOG.info("No metrics file at {}; starting from zero", file.path()));
        } catch (RefusedPathException e) {
            registry.increment(Counter.METRICS_FILE_REJECTED);
            fileAlarm.refused(e, "the metrics start from zero and are not saved there");
        } catch (RejectedMetricsFileException e) {
            registry.increment(Counter.METRICS_FILE_REJECTED);
            LOG.warn("Metrics file {} rejected ({}); starting from zero", file.path(), e.getMessage());
            try {
                LOG.warn("Rejected metrics file kept as {}", file.moveAside());
            } catch (IOException moveFailure) {
                LOG.warn("Rejected metrics file {} cannot be moved aside: {}", file.path(), moveFailure.toString());
            }
        }
    }

    private void schedule() {
        long interval = settings.persistInterval().toMillis();
        periodicSave = timer.scheduleWithFixedDelay(this::save, interval, interval, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "portsyncd-metrics-persist");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
