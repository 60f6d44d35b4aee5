package net.sonic.portsyncd.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to a syslog datagram socket from one thread. {@link #offer} never blocks: a full queue drops the
 * record and counts it. The socket is opened when needed and reopened when the syslog daemon restarts; while it
 * cannot be reached, records are counted as undelivered and a new attempt is made at most once per retry
 * interval. Its own log lines must not be fed back to it (see {@link PortsyncdLogEvents}).
 */
public final class SyslogForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final long POLL_MILLIS = 200;

    private final Path socketPath;
    private final SyslogLine lines;
    private final Duration retryInterval;
    private final Duration sendTimeout;
    private final BlockingQueue<SyslogRecord> queue;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private volatile boolean closing;
    private UnixDatagramSocket socket;
    private long nextAttemptNanos;
    private boolean reportedUnreachable;

    SyslogForwarder(Path socketPath, SyslogLine lines, int capacity, Duration retryInterval, Duration sendTimeout) {
        this.socketPath = socketPath;
        this.lines = lines;
        this.retryInterval = retryInterval;
        this.sendTimeout = sendTimeout;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nextAttemptNanos = System.nanoTime();
        this.sender = new Thread(this::run, "portsyncd-syslog");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a record; false (and counted as dropped) when the queue is full or the forwarder is closing. */
    public boolean offer(SyslogRecord record) {
        if (closing || !queue.offer(record)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Records the syslog socket accepted. */
    public long sent() {
        return sent.get();
    }

    /** Records refused because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records lost because the socket could not be reached or refused them. */
    public long undelivered() {
        return undelivered.get();
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                SyslogRecord record = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (record != null) {
                    deliver(lines.format(record));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSocket();
        }
    }

    private void deliver(byte[] datagram) {
        if (socket == null && !open()) {
            undelivered.incrementAndGet();
            return;
        }
        try {
            socket.send(datagram);
            sent.incrementAndGet();
        } catch (UnixDatagramSocket.SendFailedException e) {
            if (e.transientFailure()) {
                undelivered.incrementAndGet();
                return;
            }
            // the daemon restarted and its socket is a new one: reconnect once and resend
            closeSocket();
            nextAttemptNanos = System.nanoTime();
            resend(datagram);
        } catch (IOException e) {
            undelivered.incrementAndGet();
        }
    }

    private void resend(byte[] datagram) {
        if (!open()) {
            undelivered.incrementAndGet();
            return;
        }
        try {
            socket.send(datagram);
            sent.incrementAndGet();
        } catch (IOException e) {
            undelivered.incrementAndGet();
            closeSocket();
        }
    }

    private boolean open() {
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            return false;
        }
        try {
            socket = UnixDatagramSocket.connect(socketPath, sendTimeout);
            if (reportedUnreachable) {
                reportedUnreachable = false;
                LOG.info("Syslog socket {} reachable again", socketPath);
            }
            return true;
        } catch (IOException e) {
            nextAttemptNanos = now + retryInterval.toNanos();
            if (!reportedUnreachable) {
                reportedUnreachable = true;
                LOG.info("Syslog socket {} not reachable ({}); log lines are not sent to syslog until it is",
                        socketPath, e.getMessage());
            }
            return false;
        }
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** Stops accepting records, sends what is queued (for at most {@code drainTimeout}), then stops. */
    public void close(Duration drainTimeout) {
        closing = true;
        try {
            sender.join(drainTimeout.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(sendTimeout.toMillis() + POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }
}
