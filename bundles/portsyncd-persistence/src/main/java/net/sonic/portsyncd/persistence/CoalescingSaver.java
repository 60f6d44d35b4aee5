package net.sonic.portsyncd.persistence;

import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * Turns a stream of save requests into at most one write per interval. The first request of a quiet period
 * schedules a write one interval later; requests until then only replace the supplier, so the write takes the
 * latest state. The supplier is called on the timer thread when the write happens.
 */
final class CoalescingSaver implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final ScheduledThreadPoolExecutor timer;
    private final Consumer<Supplier<PortStateSnapshot>> writer;
    private volatile long intervalMillis;
    private Supplier<PortStateSnapshot> latest;
    private boolean writeScheduled;
    private boolean closed;

    CoalescingSaver(String threadName, long intervalMillis, Consumer<Supplier<PortStateSnapshot>> writer) {
        this.writer = writer;
        this.intervalMillis = intervalMillis;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void setIntervalMillis(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    void request(Supplier<PortStateSnapshot> snapshot) {
        synchronized (this) {
            if (!closed) {
                latest = snapshot;
                if (!writeScheduled) {
                    writeScheduled = true;
                    timer.schedule(this::writeLatest, intervalMillis, TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
        // no timer any more: write at once rather than lose the state
        writer.accept(snapshot);
    }

    /** Removes the pending request, if any; the scheduled write then finds nothing to do. */
    synchronized Optional<Supplier<PortStateSnapshot>> takePending() {
        Supplier<PortStateSnapshot> pending = latest;
        latest = null;
        return Optional.ofNullable(pending);
    }

    private void writeLatest() {
        Supplier<PortStateSnapshot> snapshot;
        synchronized (this) {
            snapshot = latest;
            latest = null;
            writeScheduled = false;
        }
        if (snapshot != null) {
            writer.accept(snapshot);
        }
    }

    /** Stops the timer, waits for a write in progress, and writes a pending request on the caller's thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // shutdown(), not shutdownNow(): an interrupt would abort a write in progress half-way through its fsync
        timer.shutdown();
        try {
            timer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        takePending().ifPresent(writer);
    }
}
