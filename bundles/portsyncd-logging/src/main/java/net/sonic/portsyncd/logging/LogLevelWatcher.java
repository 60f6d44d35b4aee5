package net.sonic.portsyncd.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.SonicDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows CONFIG_DB {@code LOGGER|portsyncd} {@code LOGLEVEL} by reading it every poll interval on its own thread
 * and connection. A new valid value is applied once; an invalid one is logged once and counted, and the level in
 * force stays. A missing row or an unreachable Redis changes nothing.
 */
public final class LogLevelWatcher implements AutoCloseable {
    static final String TABLE = "LOGGER";
    static final String KEY = "portsyncd";
    static final String FIELD = "LOGLEVEL";
    private static final Logger LOG = LoggerFactory.getLogger(LogLevelWatcher.class);
    private static final int MAX_LOGGED_CHARS = 64;

    /** Where a level goes once read. */
    @FunctionalInterface
    public interface LevelApplier {
        void apply(SonicLogLevel level) throws Exception;
    }

    private final SonicDb db;
    private final LevelApplier applier;
    private final ScheduledExecutorService timer;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private DbConnection connection;
    private String lastSeen;
    private boolean unreachable;

    public LogLevelWatcher(SonicDb db, LevelApplier applier, Duration interval) {
        this.db = Objects.requireNonNull(db, "db");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portsyncd-loglevel");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Valid new values applied since start. */
    public long applied() {
        return applied.get();
    }

    /** Invalid values seen since start (each distinct new value once). */
    public long rejected() {
        return rejected.get();
    }

    /** Reads of LOGLEVEL completed, successful or not. */
    public long polls() {
        return polls.get();
    }

    // runs only on the timer thread
    private void poll() {
        try {
            Optional<String> value = read();
            if (value.isPresent() && !value.get().equals(lastSeen)) {
                lastSeen = value.get();
                follow(value.get());
            } else if (value.isEmpty()) {
                lastSeen = null;
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep following whatever went wrong
            LOG.warn("Reading {}|{} {} failed", TABLE, KEY, FIELD, e);
        } finally {
            polls.incrementAndGet();
        }
    }

    private Optional<String> read() {
        try {
            if (connection == null) {
                connection = db.connect(SonicDb.CONFIG_DB);
            }
            Optional<String> value = connection.table(TABLE).hget(KEY, FIELD);
            if (unreachable) {
                unreachable = false;
                LOG.info("CONFIG_DB reachable again; following {}|{} {}", TABLE, KEY, FIELD);
            }
            return value;
        } catch (DbException e) {
            closeConnection();
            if (!unreachable) {
                unreachable = true;
                LOG.warn("CONFIG_DB unreachable, the log level stays as it is until it is back: {}", e.getMessage());
            }
            return Optional.empty();
        }
    }

    private void follow(String value) {
        Optional<SonicLogLevel> level = SonicLogLevel.parse(value);
        if (level.isEmpty()) {
            rejected.incrementAndGet();
            LOG.warn("Ignoring {}|{} {} {}: not one of EMERG, ALERT, CRIT, ERROR, WARN, NOTICE, INFO, DEBUG",
                    TABLE, KEY, FIELD, printable(value));
            return;
        }
        try {
            applier.apply(level.get());
            applied.incrementAndGet();
        } catch (Exception e) {
            // forget the value so the next poll tries again
            lastSeen = null;
            LOG.warn("Could not apply {}|{} {} {}", TABLE, KEY, FIELD, level.get(), e);
        }
    }

    private static String printable(String value) {
        String shown = value.length() > MAX_LOGGED_CHARS ? value.substring(0, MAX_LOGGED_CHARS) + "..." : value;
        StringBuilder quoted = new StringBuilder("'");
        shown.codePoints().forEach(c -> quoted.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return quoted.append('\'').toString();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the CONFIG_DB connection failed", e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (timer.awaitTermination(5, TimeUnit.SECONDS)) {
                // the timer thread has stopped, so the connection is ours to close
                closeConnection();
            } else {
                LOG.warn("The log level poller did not stop within 5 s; its connection closes with the SonicDb client");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
