package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.DbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link SonicDbClient} on a named thread, retrying at a fixed interval until the configuration loads.
 * A failure is logged once (again only when its message changes), so a missing file does not flood the log.
 */
final class RetryingClientLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingClientLoader.class);

    private final Supplier<SonicDbClient> opener;
    private final Consumer<SonicDbClient> onLoaded;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger attempts = new AtomicInteger();
    private ScheduledFuture<?> task;
    private String lastFailure;
    private SonicDbClient client;
    private boolean closed;

    RetryingClientLoader(Supplier<SonicDbClient> opener, Consumer<SonicDbClient> onLoaded, Duration interval,
                         String threadName) {
        this.opener = opener;
        this.onLoaded = onLoaded;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    synchronized RetryingClientLoader start() {
        task = scheduler.scheduleWithFixedDelay(this::attempt, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** How often the configuration has been read so far. */
    int attempts() {
        return attempts.get();
    }

    private void attempt() {
        attempts.incrementAndGet();
        SonicDbClient opened;
        try {
            opened = opener.get();
        } catch (DbException e) {
            failed(e.getMessage());
            return;
        } catch (RuntimeException e) {
            failed(e.toString());
            return;
        }
        synchronized (this) {
            if (closed) {
                opened.close();
                return;
            }
            client = opened;
            task.cancel(false);
        }
        if (lastFailure != null) {
            LOG.info("SONiC database configuration loaded after earlier failures: {}", opened);
        }
        onLoaded.accept(opened);
    }

    private void failed(String message) {
        if (!message.equals(lastFailure)) {
            LOG.warn("SONiC database configuration not usable, retrying every {} ms: {}", interval.toMillis(),
                    message);
            lastFailure = message;
        } else {
            LOG.debug("SONiC database configuration still not usable: {}", message);
        }
    }

    /** Stops retrying and closes the client if one was opened. */
    @Override
    public void close() {
        SonicDbClient opened;
        synchronized (this) {
            closed = true;
            if (task != null) {
                task.cancel(false);
            }
            opened = client;
            client = null;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (opened != null) {
            opened.close();
        }
    }
}
