package net.sonic.portsyncd.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkListener;

/**
 * The one thread that calls listeners, fed by the capture thread one receive batch at a time. The queue is bounded
 * by the link events it holds, not by blocking: when a batch does not fit, {@link #offer} refuses it and the
 * capture treats that like a kernel overrun, so a slow listener can never stall the socket reader.
 */
final class Delivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final List<DeliveryItem> STOP = List.of();
    private static final long JOIN_MILLIS = 10_000;

    private final BlockingQueue<List<DeliveryItem>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedEvents = new AtomicLong();
    private final int capacityEvents;
    private final Iterable<? extends LinkListener> listeners;
    private final CaptureCounters counters;
    private final OverrunAlarm overrunAlarm;
    private final Thread thread;
    private volatile boolean running = true;

    Delivery(String threadName, int capacityEvents, Iterable<? extends LinkListener> listeners,
            CaptureCounters counters, OverrunAlarm overrunAlarm) {
        this.capacityEvents = capacityEvents;
        this.listeners = listeners;
        this.counters = counters;
        this.overrunAlarm = overrunAlarm;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues one receive batch unless it would push the queue past its capacity. An empty queue takes any batch,
     * and a batch that ends a dump is taken while the queue is at most half full (the condition under which
     * dumps are sent), so that a dump larger than the capacity, or arriving behind a few events, still gets
     * through instead of being dropped and repeated forever.
     */
    boolean offer(List<DeliveryItem> batch) {
        int weight = weight(batch);
        long queued = queuedEvents.get();
        boolean fits = queued == 0 || queued + weight <= capacityEvents
                || (atMostHalfFull() && batch.stream().anyMatch(DeliveryItem.DumpFinished.class::isInstance));
        if (!fits) {
            return false;
        }
        queuedEvents.addAndGet(weight);
        queue.add(batch);
        return true;
    }

    /** A dump is worth sending only when its answer will not be dropped for lack of room. */
    boolean hasRoomForDump() {
        return atMostHalfFull();
    }

    private boolean atMostHalfFull() {
        return queuedEvents.get() * 2 <= capacityEvents;
    }

    private void run() {
        try {
            while (running) {
                List<DeliveryItem> batch = queue.take();
                for (DeliveryItem item : batch) {
                    if (running) {
                        deliver(item);
                    } else {
                        failWaiters(item);
                    }
                }
                queuedEvents.addAndGet(-weight(batch));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(DeliveryItem item) {
        if (item instanceof DeliveryItem.Links links) {
            callEach(listener -> listener.onLinkBatch(links.events()), "onLinkBatch");
            counters.delivered(links.events().size());
            return;
        }
        DeliveryItem.DumpFinished finished = (DeliveryItem.DumpFinished) item;
        DumpCompletion completion = finished.completion();
        callEach(listener -> listener.onDumpComplete(completion), "onDumpComplete");
        if (finished.resyncView() != null) {
            callEach(listener -> listener.onResyncComplete(finished.resyncView()), "onResyncComplete");
            counters.resync();
            LOG.info("resync complete: dump {} found {} links", completion.sequence(), finished.resyncView().size());
            overrunAlarm.resyncDelivered(completion.sequence(), finished.resyncView().size());
        }
        counters.dump();
        finished.waiters().forEach(waiter -> waiter.complete(completion));
    }

    private void callEach(Consumer<LinkListener> call, String callback) {
        for (LinkListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                counters.listenerFailure();
                LOG.error("link listener {} failed in {}; delivery goes on", listener, callback, e);
            }
        }
    }

    private static void failWaiters(DeliveryItem item) {
        if (item instanceof DeliveryItem.DumpFinished finished) {
            failAll(finished.waiters());
        }
    }

    static void failAll(List<CompletableFuture<DumpCompletion>> waiters) {
        IllegalStateException closed = new IllegalStateException("netlink capture closed");
        waiters.forEach(waiter -> waiter.completeExceptionally(closed));
    }

    private static int weight(List<DeliveryItem> batch) {
        int weight = 0;
        for (DeliveryItem item : batch) {
            weight += DeliveryItem.weight(item);
        }
        return weight;
    }

    /**
     * Stops after the listener call in progress; undelivered batches are discarded and their dump requesters
     * told. Called after the capture thread ended, so nothing is offered any more.
     */
    @Override
    public void close() {
        running = false;
        List<List<DeliveryItem>> undelivered = new ArrayList<>();
        queue.drainTo(undelivered);
        undelivered.forEach(batch -> batch.forEach(Delivery::failWaiters));
        queue.add(STOP);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("listener call on {} did not return within {} ms; interrupting it", thread.getName(),
                        JOIN_MILLIS);
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
