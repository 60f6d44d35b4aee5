package net.sonic.portsyncd.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.SonicDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Redis who it is about once a second, on a connection of its own, so that an outage or a hung server is
 * noticed although no port changes, and a server that restarted between two probes (a new run id: its data may be
 * gone or older) is noticed although it answers. It only reports; the sync thread recovers.
 */
final class RedisProbe implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(RedisProbe.class);
    private static final long STOP_WAIT_MILLIS = 5_000;

    /** Called on the probe's thread; instants are {@link System#nanoTime()}. */
    interface Findings {
        /** Redis did not answer the probe sent at {@code sentAtNanos} (refused, reset, or silent past the timeout). */
        void unreachable(DbUnavailableException error, long sentAtNanos);

        /**
         * Redis answers with another run id than before: it restarted after it answered the probe of
         * {@code previousAnswerNanos}.
         */
        void restarted(String previousRunId, String runId, long previousAnswerNanos);

        /** Redis answered the probe at {@code atNanos}. */
        void answered(long atNanos);
    }

    private final SonicDb db;
    private final Findings findings;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private DbConnection connection;
    private String runId;
    private long runIdAnsweredAtNanos;

    RedisProbe(SonicDb db, Findings findings, String threadName) {
        this.db = db;
        this.findings = findings;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * The engine's recovery after an outage read this run id at {@code answeredAtNanos} and brings STATE_DB up to
     * date on that server: a restart before it is not one to report.
     */
    synchronized void recoveringOn(String recoveryRunId, long answeredAtNanos) {
        runId = recoveryRunId;
        runIdAnsweredAtNanos = answeredAtNanos;
    }

    private void run() {
        try {
            do {
                probeOnce();
            } while (!stopping.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    private void probeOnce() {
        long sentAtNanos = System.nanoTime();
        try {
            if (connection == null) {
                connection = db.connect(SonicDb.STATE_DB);
            }
            String answer = connection.serverRunId(TIMEOUT);
            long answeredAtNanos = System.nanoTime();
            String previous;
            long previousAnsweredAtNanos;
            synchronized (this) {
                previous = runId;
                previousAnsweredAtNanos = runIdAnsweredAtNanos;
                runId = answer;
                runIdAnsweredAtNanos = answeredAtNanos;
            }
            if (previous != null && !previous.equals(answer)) {
                findings.restarted(previous, answer, previousAnsweredAtNanos);
            }
            findings.answered(answeredAtNanos);
        } catch (DbUnavailableException e) {
            // the connection is kept: it reconnects with the probe's own short timeout on the next probe
            findings.unreachable(e, sentAtNanos);
        } catch (RuntimeException e) {
            // an answer, even a refusal, proves the server is there; the engine's own commands judge the rest
            LOG.debug("Redis liveness probe answered with an error: {}", e.toString());
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the probe's connection failed: {}", e.toString());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
