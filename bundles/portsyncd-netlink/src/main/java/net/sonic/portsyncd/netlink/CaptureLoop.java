package net.sonic.portsyncd.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture thread's work: read, parse and deliver each wake-up's messages, on this thread while listeners are
 * prompt and through the delivery thread's queue otherwise (see {@link Delivery}). About once a second it checks
 * that the namespace name still names the namespace its sockets are in ({@link NamespaceWatch}); when not, it
 * closes them (releasing that namespace), tells listeners its links are gone, and waits for the name to name a
 * namespace again, whose sockets a short-lived thread opens (so this one stays in the process's namespace).
 */
final class CaptureLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureLoop.class);
    /** Bounds one receive batch, so that a flood still yields batches of reasonable size. */
    private static final int MAX_DATAGRAMS_PER_WAKEUP = 64;
    /**
     * While a dump runs, reading goes on (as libnl does for multipart replies) so that the whole dump and its end
     * travel in one batch; this only bounds a dump that would never end.
     */
    private static final int MAX_DUMP_DATAGRAMS_PER_WAKEUP = 8192;
    /** While detached: how often the namespace name is looked at again. */
    private static final int DETACHED_POLL_MILLIS =
            (int) TimeUnit.NANOSECONDS.toMillis(NamespaceWatch.CHECK_INTERVAL_NANOS);
    /** While a dump waits for the delivery queue to drain. */
    private static final int DEFERRED_DUMP_POLL_MILLIS = 20;

    private final CaptureSettings settings;
    private final Delivery delivery;
    private final CaptureCounters counters;
    private final DumpCoordinator dumps;
    private final OverrunAlarm overrunAlarm;
    private final NamespaceWatch namespace;
    private final EventFd wakeup;
    private final SequenceNumbers sequences = new SequenceNumbers();
    /** The sockets in the namespace; null while detached. Replaced only by this thread. */
    private volatile Attachment attachment;
    private volatile boolean running = true;

    /** @param initial the sockets opened at start, or null when the namespace could not be attached then */
    CaptureLoop(CaptureSettings settings, Delivery delivery, CaptureCounters counters, DumpCoordinator dumps,
            OverrunAlarm overrunAlarm, NamespaceWatch namespace, EventFd wakeup, Attachment initial) {
        this.settings = settings;
        this.delivery = delivery;
        this.counters = counters;
        this.dumps = dumps;
        this.overrunAlarm = overrunAlarm;
        this.namespace = namespace;
        this.wakeup = wakeup;
        this.attachment = initial;
    }

    /** Any thread: makes the loop end at its next wake-up; the caller signals the eventfd. */
    void stop() {
        running = false;
    }

    /** False once stopped, or after an unexpected error ended the loop. */
    boolean running() {
        return running;
    }

    /** Any thread: the current sockets, null while detached or once the loop ended. */
    Attachment attachment() {
        return attachment;
    }

    @Override
    public void run() {
        try {
            while (running) {
                Attachment current = attachment;
                if (current == null) {
                    awaitNamespace();
                } else {
                    capture(current);
                }
            }
        } catch (NetlinkSocketException | RuntimeException e) {
            running = false;
            LOG.error("netlink capture in {} stopped on an unexpected error", settings.displayName(), e);
        } finally {
            Attachment current = attachment;
            attachment = null;
            if (current != null) {
                current.close();
            }
        }
    }

    /** Reads and delivers until stopped or until the namespace is found lost (then detached). */
    private void capture(Attachment current) throws NetlinkSocketException {
        NetlinkSocket socket = current.socket();
        Poller poller = new Poller(socket.fd(), wakeup.fd());
        long nextCheck = System.nanoTime() + NamespaceWatch.CHECK_INTERVAL_NANOS;
        while (running) {
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                NamespaceWatch.Loss loss = namespace.lost(current);
                if (loss != null) {
                    detach(current, loss, now);
                    return;
                }
                nextCheck = now + NamespaceWatch.CHECK_INTERVAL_NANOS;
            }
            int timeoutMillis = (int) TimeUnit.NANOSECONDS.toMillis(nextCheck - now) + 1;
            if (dumps.due(now)) {
                if (delivery.hasRoomForDump()) {
                    sendDump(socket, now);
                } else {
                    timeoutMillis = Math.min(timeoutMillis, DEFERRED_DUMP_POLL_MILLIS);
                }
            }
            long retryNanos = dumps.nanosUntilRetry(now);
            if (retryNanos > 0) {
                timeoutMillis = (int) Math.min(timeoutMillis, TimeUnit.NANOSECONDS.toMillis(retryNanos) + 1);
            }
            poller.await(timeoutMillis);
            if (!running) {
                return;
            }
            if (poller.ready(1)) {
                wakeup.drain();
            }
            if (poller.ready(0)) {
                readBatch(socket);
            }
        }
    }

    /**
     * Closes the sockets, which releases the lost namespace, fails the dumps that can no longer end, and tells
     * listeners, after everything delivered before, that none of its links is left.
     */
    private void detach(Attachment current, NamespaceWatch.Loss loss, long now) {
        attachment = null;
        current.close();
        namespace.detached(loss);
        dumps.detached(namespace.notAttached());
        enqueue(List.of(new DeliveryItem.NamespaceGone(new DumpCompletion(sequences.next(), List.of(), true, now))));
    }

    /**
     * While detached: fails dump requests at once and tries to attach about once a second, or when woken. An
     * attachment is followed by a resync dump, whose delivered view clears the alarm.
     */
    private void awaitNamespace() throws NetlinkSocketException {
        Poller poller = new Poller(wakeup.fd());
        while (running) {
            dumps.failRequested(namespace.notAttached());
            Attachment attached = namespace.attach();
            if (attached != null) {
                dumps.requestResync();
                dumps.request().thenAccept(completion -> namespace.viewDelivered(attached, completion));
                attachment = attached;
                return;
            }
            poller.await(DETACHED_POLL_MILLIS);
            if (poller.ready(0)) {
                wakeup.drain();
            }
        }
    }

    private void sendDump(NetlinkSocket socket, long now) {
        int sequence = sequences.next();
        dumps.begin(sequence, now);
        try {
            socket.send(NetlinkRequests.linkDump(sequence), 0);
        } catch (NetlinkSocketException e) {
            dumps.failed(e.errno(), now);
            return;
        }
        if (dumps.resyncInFlight()) {
            overrunAlarm.resyncSent(sequence);
        }
    }

    private void readBatch(NetlinkSocket socket) throws NetlinkSocketException {
        BatchBuilder batch = new BatchBuilder();
        for (int i = 0; i < MAX_DATAGRAMS_PER_WAKEUP
                || (dumps.inFlight() && i < MAX_DUMP_DATAGRAMS_PER_WAKEUP); i++) {
            ByteBuffer datagram;
            try {
                datagram = socket.receive();
            } catch (NetlinkSocketException e) {
                if (e.errno() != LibC.ENOBUFS) {
                    throw e;
                }
                overrun(OverrunCause.KERNEL_ENOBUFS);
                continue;
            }
            if (datagram == null) {
                break;
            }
            long now = System.nanoTime();
            counters.datagram();
            if (socket.lastSenderPortId() != 0) {
                reject(counters.spoofed(), "dropped a datagram from userspace port id {} (only the kernel, 0, is "
                        + "trusted)", Integer.toUnsignedLong(socket.lastSenderPortId()));
                continue;
            }
            if (socket.lastTruncated()) {
                reject(counters.parseErrors(1), "dropped a kernel datagram larger than {} bytes",
                        NetlinkSocket.MAX_DATAGRAM_BYTES);
                continue;
            }
            ParsedDatagram parsed = NetlinkParser.parse(datagram, now);
            if (parsed.errors() > 0) {
                reject(counters.parseErrors(parsed.errors()), "rejected {} malformed netlink messages or attributes",
                        parsed.errors());
            }
            int links = 0;
            for (NetlinkMessage message : parsed.messages()) {
                if (message instanceof NetlinkMessage.Link link) {
                    links++;
                    dumps.onLink(link);
                    batch.link(link.event());
                } else if (message instanceof NetlinkMessage.Done done) {
                    batch.finished(dumps.onDone(done, now));
                } else {
                    dumps.onError((NetlinkMessage.Error) message, now);
                }
            }
            counters.parsed(parsed.messages().size(), links);
        }
        enqueue(batch.items());
    }

    private void enqueue(List<DeliveryItem> items) {
        if (items.isEmpty() || delivery.deliverHereIfIdle(items) || delivery.offer(items)) {
            return;
        }
        for (DeliveryItem item : items) {
            if (item instanceof DeliveryItem.DumpFinished finished) {
                dumps.carryOver(finished.waiters());
            }
        }
        overrun(OverrunCause.DELIVERY_QUEUE_FULL);
    }

    private void overrun(OverrunCause cause) {
        dumps.requestResync();
        reject(counters.overrun(), "netlink overrun in {}: " + cause.description() + "; resynchronising with a dump",
                settings.displayName());
        overrunAlarm.overrun(cause);
    }

    /** Rejections are logged at WARN the first time and every thousandth time after, DEBUG otherwise. */
    private static void reject(long total, String message, Object argument) {
        if (total == 1 || total % 1000 == 0) {
            LOG.warn(message + " (total {})", argument, total);
        } else {
            LOG.debug(message, argument);
        }
    }

    /** The delivery items of one wake-up: link events grouped between dump completions. */
    private static final class BatchBuilder {
        private final List<DeliveryItem> items = new ArrayList<>();
        private List<LinkEvent> links;

        void link(LinkEvent event) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} ifindex {} family {} flags {} change {} mtu {} master {} dump {}", event.type(),
                        event.name(), event.ifindex(), event.family(), Integer.toHexString(event.flags()),
                        Integer.toHexString(event.change()), event.mtu(), event.master(), event.dumpSequence());
            }
            if (links == null) {
                links = new ArrayList<>();
                items.add(new DeliveryItem.Links(Collections.unmodifiableList(links)));
            }
            links.add(event);
        }

        void finished(DeliveryItem.DumpFinished finished) {
            if (finished != null) {
                items.add(finished);
                links = null;
            }
        }

        List<DeliveryItem> items() {
            return items;
        }
    }
}
