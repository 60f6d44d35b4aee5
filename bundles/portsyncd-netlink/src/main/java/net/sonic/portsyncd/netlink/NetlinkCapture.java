package net.sonic.portsyncd.netlink;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;

/**
 * The rtnetlink link capture of one network namespace. {@link #start} opens the socket on a dedicated capture
 * thread (which alone enters the namespace), joins RTNLGRP_LINK and sends the initial RTM_GETLINK dump; a second
 * thread delivers to the listeners in kernel order. For a resync, listeners get {@code onDumpComplete} (with
 * {@code resync} set) and then {@code onResyncComplete}.
 */
public final class NetlinkCapture implements LinkCapture, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkCapture.class);
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final long JOIN_MILLIS = 10_000;

    private final CaptureSettings settings;
    private final CaptureCounters counters;
    private final DumpCoordinator dumps;
    private final OverrunAlarm overrunAlarm;
    private final Delivery delivery;
    private final CaptureLoop loop;
    private final Thread captureThread;
    private final CaptureLoop.Opened opened;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetlinkCapture(CaptureSettings settings, CaptureCounters counters, DumpCoordinator dumps,
            OverrunAlarm overrunAlarm, Delivery delivery, CaptureLoop loop, Thread captureThread,
            CaptureLoop.Opened opened) {
        this.settings = settings;
        this.counters = counters;
        this.dumps = dumps;
        this.overrunAlarm = overrunAlarm;
        this.delivery = delivery;
        this.loop = loop;
        this.captureThread = captureThread;
        this.opened = opened;
    }

    /** Starts a capture delivering to one listener. */
    public static NetlinkCapture start(String netns, int receiveBufferBytes, LinkListener listener,
            MetricsRecorder metrics) {
        return start(new CaptureSettings(netns, receiveBufferBytes), List.of(Objects.requireNonNull(listener)),
                metrics);
    }

    /** Starts a capture that raises no alarm. */
    public static NetlinkCapture start(CaptureSettings settings, Iterable<? extends LinkListener> listeners,
            MetricsRecorder metrics) {
        return start(settings, listeners, metrics, AlarmService.NONE);
    }

    /**
     * Starts a capture delivering to every listener the iterable yields at each delivery (a
     * {@link java.util.concurrent.CopyOnWriteArrayList} lets listeners come and go). Lost messages raise
     * NETLINK_OVERRUN in {@code alarms}, called from the capture and delivery threads, which must not throw
     * (a {@link net.sonic.portsyncd.api.metrics.AlarmSwitch} does not).
     *
     * @throws IllegalStateException when the namespace cannot be entered or the socket cannot be opened
     */
    public static NetlinkCapture start(CaptureSettings settings, Iterable<? extends LinkListener> listeners,
            MetricsRecorder metrics, AlarmService alarms) {
        Objects.requireNonNull(listeners, "listeners");
        CaptureCounters counters = new CaptureCounters(Objects.requireNonNull(metrics, "metrics"));
        DumpCoordinator dumps = new DumpCoordinator();
        OverrunAlarm overrunAlarm = new OverrunAlarm(Objects.requireNonNull(alarms, "alarms"),
                settings.displayName());
        Delivery delivery = new Delivery("netlink-delivery-" + settings.displayName(),
                settings.deliveryQueueEvents(), listeners, counters, overrunAlarm);
        CaptureLoop loop = new CaptureLoop(settings, delivery, counters, dumps, overrunAlarm);
        Thread captureThread = new Thread(loop, "netlink-capture-" + settings.displayName());
        captureThread.setDaemon(true);
        captureThread.start();
        CaptureLoop.Opened opened;
        try {
            opened = loop.opened().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            loop.opened().cancel(false);
            loop.stop();
            join(captureThread);
            delivery.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot start the netlink capture in " + settings.displayName() + ": "
                    + cause.getMessage(), cause);
        }
        LOG.info("netlink capture started in {} (port id {}, receive buffer {} bytes)", settings.displayName(),
                opened.portId(), opened.receiveBufferBytes());
        return new NetlinkCapture(settings, counters, dumps, overrunAlarm, delivery, loop, captureThread, opened);
    }

    @Override
    public String namespace() {
        return settings.netns();
    }

    public CaptureSettings settings() {
        return settings;
    }

    /** The capture socket's netlink port id, which a unicast sender would address. */
    int portId() {
        return opened.portId();
    }

    @Override
    public CompletionStage<DumpCompletion> requestDump() {
        if (closed.get() || !loop.running()) {
            return CompletableFuture.failedFuture(new IllegalStateException("netlink capture closed"));
        }
        CompletableFuture<DumpCompletion> completion = dumps.request();
        if (closed.get()) {
            dumps.failRequested();
        } else {
            opened.wakeup().signal();
        }
        return completion;
    }

    @Override
    public void setAdminDown(int ifindex) throws LinkControlException {
        opened.requests().setFlags(ifindex, 0, LinkEvent.IFF_UP);
    }

    @Override
    public CaptureStatistics statistics() {
        return counters.snapshot();
    }

    /** Stops both threads and closes every descriptor; returns once they are gone. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.stop();
        opened.wakeup().signal();
        join(captureThread);
        opened.wakeup().close();
        opened.requests().close();
        delivery.close();
        dumps.failAll();
        overrunAlarm.captureClosed();
        LOG.info("netlink capture stopped in {}", settings.displayName());
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms", thread.getName(), JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
