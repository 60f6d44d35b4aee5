package net.sonic.portsyncd.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the listeners, one receive batch at a time, never two calls at once and always in kernel order. While
 * listeners answer promptly, the capture thread delivers each batch itself ({@link #deliverHereIfIdle}), which
 * keeps a thread wake-up off the path from the kernel to Redis. Once the listeners took longer than
 * {@link #SLOW_CALL_NANOS} over one batch, later batches queue for the delivery thread instead, so the socket keeps
 * being read while listeners are slow; the capture thread takes over again when the delivery thread has emptied
 * the queue with a prompt batch. The queue is bounded by the link events it holds, not by blocking: when a batch
 * does not fit, {@link #offer} refuses it and the capture treats that like a kernel overrun.
 */
final class Delivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final List<DeliveryItem> STOP = List.of();
    private static final long JOIN_MILLIS = 10_000;
    /** Far above a listener's usual call (a Redis round trip at most), far below what fills the receive buffer. */
    static final long SLOW_CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final BlockingQueue<List<DeliveryItem>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedEvents = new AtomicLong();
    /** Held for every delivery, on either thread. */
    private final ReentrantLock delivering = new ReentrantLock();
    /** Whether the capture thread may deliver; false from a slow call until the queue is drained promptly. */
    private volatile boolean captureDelivers = true;
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
     * through instead of being dropped and repeated forever. A batch without link events (the notice that the
     * namespace is gone) always fits: it holds no memory worth bounding and cannot be recovered by a dump.
     */
    boolean offer(List<DeliveryItem> batch) {
        int weight = weight(batch);
        long queued = queuedEvents.get();
        boolean fits = weight == 0 || queued == 0 || queued + weight <= capacityEvents
                || (atMostHalfFull() && batch.stream().anyMatch(DeliveryItem.DumpFinished.class::isInstance));
        if (!fits) {
            return false;
        }
        queuedEvents.addAndGet(weight);
        queue.add(batch);
        return true;
    }

    /**
     * Capture thread: delivers {@code batch} on the calling thread when listeners have been prompt and no earlier
     * batch is queued or being delivered; false (nothing done) otherwise. A queued batch leaves
     * {@code queuedEvents} only after its delivery, under the lock, so an empty count seen with the lock held
     * means every earlier batch is done.
     */
    boolean deliverHereIfIdle(List<DeliveryItem> batch) {
        if (!captureDelivers || queuedEvents.get() != 0 || !delivering.tryLock()) {
            return false;
        }
        try {
            if (queuedEvents.get() != 0 || !running) {
                return false;
            }
            long started = System.nanoTime();
            batch.forEach(this::deliver);
            long took = System.nanoTime() - started;
            if (took > SLOW_CALL_NANOS) {
                captureDelivers = false;
                LOG.debug("listeners took {} us; the delivery thread calls them until they are prompt again",
                        took / 1_000);
            }
            return true;
        } finally {
            delivering.unlock();
        }
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
                delivering.lock();
                try {
                    long started = System.nanoTime();
                    for (DeliveryItem item : batch) {
                        if (running) {
                            deliver(item);
                        } else {
                            failWaiters(item);
                        }
                    }
                    boolean prompt = System.nanoTime() - started <= SLOW_CALL_NANOS;
                    if (queuedEvents.addAndGet(-weight(batch)) == 0 && prompt) {
                        captureDelivers = true;
                    }
                } finally {
                    delivering.unlock();
                }
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
        if (item instanceof DeliveryItem.NamespaceGone gone) {
            callEach(listener -> listener.onDumpComplete(gone.completion()), "onDumpComplete");
            callEach(listener -> listener.onResyncComplete(List.of()), "onResyncComplete");
            LOG.info("listeners told that the links of the lost namespace are gone (empty resync view {})",
                    gone.completion().sequence());
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
