package net.sonic.portsyncd.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off from the capture thread to the sync thread. Offering never blocks: while the queue holds more
 * than {@code capacity} link events, further events are kept as the latest message per port (in the order
 * ports first changed) and handed over as one batch once the queue has drained. Order is kept throughout: a
 * marker offered while such a backlog exists goes behind it.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final int capacity;
    private final MetricsRecorder metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private final LinkedHashMap<String, LinkEvent> overflow = new LinkedHashMap<>();
    private int queuedEvents;
    private boolean overflowReported;

    Inbox(int capacity, MetricsRecorder metrics) {
        this.capacity = capacity;
        this.metrics = metrics;
    }

    void offerEvents(List<LinkEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (overflow.isEmpty() && queuedEvents + events.size() <= capacity) {
                queue.add(new Work.Events(List.copyOf(events)));
                queuedEvents += events.size();
            } else {
                keepLatest(events);
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    void offer(Work work) {
        lock.lock();
        try {
            moveOverflowToQueue();
            queue.add(work);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until there is work, at most {@code timeoutNanos}; false when there is none (timeout or wake-up). */
    boolean awaitWork(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (isEmptyLocked() && timeoutNanos > 0) {
                notEmpty.awaitNanos(timeoutNanos);
            }
            return !isEmptyLocked();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return isEmptyLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next piece of work, or null when there is none. Consecutive event batches are taken together, up to
     * {@code maxEvents} events (at least one batch), so their Redis work shares one round trip.
     */
    Work poll(int maxEvents) {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                moveOverflowToQueue();
            }
            Work head = queue.poll();
            if (!(head instanceof Work.Events first)) {
                return head;
            }
            queuedEvents -= first.events().size();
            if (!(queue.peek() instanceof Work.Events next) || first.events().size() + next.events().size() > maxEvents) {
                return first;
            }
            List<LinkEvent> merged = new ArrayList<>(first.events());
            while (queue.peek() instanceof Work.Events more && merged.size() + more.events().size() <= maxEvents) {
                queue.poll();
                queuedEvents -= more.events().size();
                merged.addAll(more.events());
            }
            return new Work.Events(merged);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes an {@link #awaitWork} waiting on an empty inbox. */
    void wakeUp() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isEmptyLocked() {
        return queue.isEmpty() && overflow.isEmpty();
    }

    private void keepLatest(List<LinkEvent> events) {
        if (!overflowReported) {
            overflowReported = true;
            LOG.info("Sync queue holds more than {} link messages: keeping only the latest message per port until it drains",
                    capacity);
        }
        for (LinkEvent event : events) {
            // dropping ignored messages here keeps one per port; they are counted where they are dropped
            LinkFilter.Verdict verdict = LinkFilter.staticVerdict(event);
            if (!verdict.passesStaticRules()) {
                metrics.increment(verdict.counter());
            } else if (overflow.put(event.name(), event) != null) {
                metrics.increment(Counter.COALESCED_UPDATES);
            }
        }
    }

    private void moveOverflowToQueue() {
        if (!overflow.isEmpty()) {
            queue.add(new Work.Events(List.copyOf(overflow.values())));
            queuedEvents += overflow.size();
            overflow.clear();
            if (queuedEvents <= capacity) {
                overflowReported = false;
            }
        }
    }
}
