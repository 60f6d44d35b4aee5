package net.sonic.portsyncd.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sonic.portsyncd.api.link.LinkEvent;

/**
 * The capture thread's work: have the sockets opened inside the namespace (by a short-lived thread, so this one
 * stays in the process's namespace), then read, parse and deliver each wake-up's messages, on this thread while
 * listeners are prompt and through the delivery thread's queue otherwise (see {@link Delivery}).
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
    private static final int IDLE_POLL_MILLIS = 1000;
    /** While a dump waits for the delivery queue to drain. */
    private static final int DEFERRED_DUMP_POLL_MILLIS = 20;

    /** What the capture thread opened, for the facade's control calls and for stopping it. */
    record Opened(EventFd wakeup, LinkRequestSocket requests, int portId, int receiveBufferBytes) {
    }

    private final CaptureSettings settings;
    private final Delivery delivery;
    private final CaptureCounters counters;
    private final DumpCoordinator dumps;
    private final OverrunAlarm overrunAlarm;
    private final SequenceNumbers sequences = new SequenceNumbers();
    private final CompletableFuture<Opened> opened = new CompletableFuture<>();
    private volatile boolean running = true;

    CaptureLoop(CaptureSettings settings, Delivery delivery, CaptureCounters counters, DumpCoordinator dumps,
            OverrunAlarm overrunAlarm) {
        this.settings = settings;
        this.delivery = delivery;
        this.counters = counters;
        this.dumps = dumps;
        this.overrunAlarm = overrunAlarm;
    }

    CompletableFuture<Opened> opened() {
        return opened;
    }

    /** Any thread: makes the loop end at its next wake-up; the caller signals the eventfd. */
    void stop() {
        running = false;
    }

    /** False once stopped, or after an unexpected error ended the loop. */
    boolean running() {
        return running;
    }

    /** The descriptors opened inside the namespace. */
    private record Descriptors(NetlinkSocket socket, EventFd wakeup, LinkRequestSocket requests, int receiveBuffer) {
    }

    @Override
    public void run() {
        Descriptors descriptors;
        try {
            descriptors = NetworkNamespace.openInside(settings.netns(), this::openDescriptors);
        } catch (NetlinkSocketException | RuntimeException e) {
            opened.completeExceptionally(e);
            return;
        }
        NetlinkSocket socket = descriptors.socket();
        if (!opened.complete(new Opened(descriptors.wakeup(), descriptors.requests(), socket.portId(),
                descriptors.receiveBuffer()))) {
            // start() gave up waiting: nobody will ever stop or close this capture
            socket.close();
            descriptors.wakeup().close();
            descriptors.requests().close();
            return;
        }
        try {
            loop(socket, descriptors.wakeup());
        } catch (NetlinkSocketException | RuntimeException e) {
            running = false;
            LOG.error("netlink capture in {} stopped on an unexpected error", settings.displayName(), e);
        } finally {
            socket.close();
        }
    }

    private Descriptors openDescriptors() throws NetlinkSocketException {
        NetlinkSocket socket = null;
        EventFd wakeup = null;
        try {
            wakeup = EventFd.open();
            socket = NetlinkSocket.open(0);
            int receiveBuffer = socket.setReceiveBuffer(settings.receiveBufferBytes());
            socket.joinGroup(Rtnetlink.RTNLGRP_LINK);
            return new Descriptors(socket, wakeup, LinkRequestSocket.open(), receiveBuffer);
        } catch (NetlinkSocketException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            if (wakeup != null) {
                wakeup.close();
            }
            throw e;
        }
    }

    private void loop(NetlinkSocket socket, EventFd wakeup) throws NetlinkSocketException {
        Poller poller = new Poller(socket.fd(), wakeup.fd());
        while (running) {
            int timeoutMillis = IDLE_POLL_MILLIS;
            long now = System.nanoTime();
            if (dumps.due(now)) {
                if (delivery.hasRoomForDump()) {
                    sendDump(socket, now);
                } else {
                    timeoutMillis = DEFERRED_DUMP_POLL_MILLIS;
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
