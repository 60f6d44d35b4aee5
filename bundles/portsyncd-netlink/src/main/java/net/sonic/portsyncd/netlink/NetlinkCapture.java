package net.sonic.portsyncd.netlink;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rtnetlink link capture of one network namespace. {@link #start} opens the sockets inside the namespace (on a
 * short-lived thread, the only one that enters it), and a dedicated capture thread joins RTNLGRP_LINK, sends the
 * initial RTM_GETLINK dump and reads; a second thread delivers to the listeners in kernel order when they are
 * slow. For a resync, listeners get {@code onDumpComplete} (with {@code resync} set) and then
 * {@code onResyncComplete}.
 *
 * <p>A named namespace is followed by identity, not held: when {@code /var/run/netns/<name>} is deleted or names
 * another namespace, the capture closes its sockets (so the old namespace can go), raises NETNS_UNAVAILABLE and
 * delivers an empty resync view after everything delivered before; when the name names a namespace again it
 * attaches to that one and delivers its full view as a resync, then clears the alarm. A namespace that does not
 * exist at start is not an error: the capture starts detached and attaches when it appears. Dump requests made
 * while detached fail at once (the resync view that follows the attachment brings listeners up to date).
 */
public final class NetlinkCapture implements LinkCapture, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkCapture.class);
    private static final long JOIN_MILLIS = 10_000;

    private final CaptureSettings settings;
    private final CaptureCounters counters;
    private final DumpCoordinator dumps;
    private final OverrunAlarm overrunAlarm;
    private final NamespaceWatch namespace;
    private final Delivery delivery;
    private final EventFd wakeup;
    private final CaptureLoop loop;
    private final Thread captureThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetlinkCapture(CaptureSettings settings, CaptureCounters counters, DumpCoordinator dumps,
            OverrunAlarm overrunAlarm, NamespaceWatch namespace, Delivery delivery, EventFd wakeup, CaptureLoop loop,
            Thread captureThread) {
        this.settings = settings;
        this.counters = counters;
        this.dumps = dumps;
        this.overrunAlarm = overrunAlarm;
        this.namespace = namespace;
        this.delivery = delivery;
        this.wakeup = wakeup;
        this.loop = loop;
        this.captureThread = captureThread;
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
     * NETLINK_OVERRUN and a missing, deleted or replaced namespace NETNS_UNAVAILABLE in {@code alarms}, called from
     * the capture and delivery threads, which must not throw (a {@link net.sonic.portsyncd.support.services.AlarmSwitch}
     * does not). A named namespace that cannot be attached now leaves the capture running detached.
     *
     * @throws IllegalStateException when the sockets cannot be opened in the process's own namespace
     */
    public static NetlinkCapture start(CaptureSettings settings, Iterable<? extends LinkListener> listeners,
            MetricsRecorder metrics, AlarmService alarms) {
        Objects.requireNonNull(listeners, "listeners");
        CaptureCounters counters = new CaptureCounters(Objects.requireNonNull(metrics, "metrics"));
        NamespaceWatch namespace = new NamespaceWatch(settings, Objects.requireNonNull(alarms, "alarms"), counters);
        EventFd wakeup;
        Attachment attachment;
        try {
            wakeup = EventFd.open();
        } catch (NetlinkSocketException e) {
            throw cannotStart(settings, e);
        }
        if (settings.netns().isEmpty()) {
            try {
                attachment = Attachment.open(settings);
            } catch (NetlinkSocketException | RuntimeException e) {
                wakeup.close();
                throw cannotStart(settings, e);
            }
        } else {
            attachment = namespace.attach();
        }
        DumpCoordinator dumps = new DumpCoordinator();
        if (attachment == null) {
            // the initial dump becomes the resync that follows the attachment
            dumps.detached(namespace.notAttached());
        } else {
            namespace.attachedAtStart();
        }
        OverrunAlarm overrunAlarm = new OverrunAlarm(alarms, settings.displayName());
        Delivery delivery = new Delivery("netlink-delivery-" + settings.displayName(),
                settings.deliveryQueueEvents(), listeners, counters, overrunAlarm);
        CaptureLoop loop = new CaptureLoop(settings, delivery, counters, dumps, overrunAlarm, namespace, wakeup,
                attachment);
        Thread captureThread = new Thread(loop, "netlink-capture-" + settings.displayName());
        captureThread.setDaemon(true);
        captureThread.start();
        if (attachment == null) {
            LOG.info("netlink capture started in {}, detached until the namespace can be attached",
                    settings.displayName());
        } else {
            LOG.info("netlink capture started in {} (port id {}, receive buffer {} bytes)", settings.displayName(),
                    attachment.portId(), attachment.receiveBufferBytes());
        }
        return new NetlinkCapture(settings, counters, dumps, overrunAlarm, namespace, delivery, wakeup, loop,
                captureThread);
    }

    private static IllegalStateException cannotStart(CaptureSettings settings, Exception cause) {
        return new IllegalStateException("cannot start the netlink capture in " + settings.displayName() + ": "
                + cause.getMessage(), cause);
    }

    @Override
    public String namespace() {
        return settings.netns();
    }

    @Override
    public boolean attached() {
        Attachment current = loop.attachment();
        return current != null && !closed.get() && loop.running() && namespace.stillNames(current);
    }

    public CaptureSettings settings() {
        return settings;
    }

    /** The capture socket's netlink port id, which a unicast sender would address. */
    int portId() {
        Attachment current = loop.attachment();
        if (current == null) {
            throw namespace.notAttached();
        }
        return current.portId();
    }

    /** The namespace the sockets are in; null while detached or for the process's own namespace. */
    NamespaceIdentity attachedIdentity() {
        Attachment current = loop.attachment();
        return current == null ? null : current.identity();
    }

    /**
     * {@inheritDoc} While detached the stage fails at once; a request racing with a detachment fails as soon as
     * the capture thread sees it.
     */
    @Override
    public CompletionStage<DumpCompletion> requestDump() {
        if (closed.get() || !loop.running()) {
            return CompletableFuture.failedFuture(new IllegalStateException("netlink capture closed"));
        }
        if (loop.attachment() == null) {
            return CompletableFuture.failedFuture(namespace.notAttached());
        }
        CompletableFuture<DumpCompletion> completion = dumps.request();
        if (closed.get()) {
            dumps.failRequested();
        } else {
            wakeup.signal();
        }
        return completion;
    }

    @Override
    public void setAdminDown(int ifindex) throws LinkControlException {
        if (closed.get()) {
            throw new LinkControlException("netlink capture closed", 0);
        }
        Attachment current = loop.attachment();
        if (current == null) {
            throw new LinkControlException(namespace.notAttached().getMessage(), 0);
        }
        current.requests().setFlags(ifindex, 0, LinkEvent.IFF_UP);
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
        wakeup.signal();
        join(captureThread);
        wakeup.close();
        delivery.close();
        dumps.failAll();
        overrunAlarm.captureClosed();
        namespace.captureClosed();
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
