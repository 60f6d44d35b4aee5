package net.sonic.portsyncd.netlink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises RTM_GETLINK dumps on the capture socket (the kernel runs one dump per socket at a time) and follows
 * the one in flight. Requests that arrive while a dump runs are served together by the next one; a resync after
 * an overrun is just a dump whose completion also carries the kernel view. Confined to the capture thread except
 * {@link #request()} and the {@code failRequested} methods.
 */
final class DumpCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(DumpCoordinator.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Queue<CompletableFuture<DumpCompletion>> requested = new ConcurrentLinkedQueue<>();
    private boolean unrequestedDumpWanted;
    private boolean resyncWanted;
    private long notBeforeNanos;
    /** Grows while dumps keep failing, so that a persistent error neither spins nor floods the log. */
    private long retryNanos = FIRST_RETRY_NANOS;
    private InFlight inFlight;

    /** The initial dump: nobody waits on it, listeners get its completion. */
    DumpCoordinator() {
        unrequestedDumpWanted = true;
        notBeforeNanos = System.nanoTime();
    }

    /** Any thread: asks for a dump; the caller then wakes the capture thread. */
    CompletableFuture<DumpCompletion> request() {
        CompletableFuture<DumpCompletion> waiter = new CompletableFuture<>();
        requested.add(waiter);
        return waiter;
    }

    /** Messages were lost: the next dump is a resync (and one more follows if this happens during it). */
    void requestResync() {
        resyncWanted = true;
    }

    /** Requesters whose dump completion was dropped before delivery: the next dump answers them. */
    void carryOver(List<CompletableFuture<DumpCompletion>> waiters) {
        requested.addAll(waiters);
    }

    boolean due(long nowNanos) {
        return wanted() && nowNanos - notBeforeNanos >= 0;
    }

    /** How long a wanted dump still waits after a failure; 0 or less when none waits. */
    long nanosUntilRetry(long nowNanos) {
        return wanted() ? notBeforeNanos - nowNanos : 0;
    }

    private boolean wanted() {
        return inFlight == null && (unrequestedDumpWanted || resyncWanted || !requested.isEmpty());
    }

    boolean inFlight() {
        return inFlight != null;
    }

    boolean resyncInFlight() {
        return inFlight != null && inFlight.resync;
    }

    /** The dump with this sequence number is about to be sent. */
    void begin(int sequence, long nowNanos) {
        List<CompletableFuture<DumpCompletion>> waiters = drainRequested();
        inFlight = new InFlight(sequence, resyncWanted, waiters, nowNanos);
        resyncWanted = false;
        unrequestedDumpWanted = false;
        LOG.debug("dump {} sent (resync {}, {} requesters)", sequence, inFlight.resync, waiters.size());
    }

    /** The dump could not be sent or the kernel refused it: try again a little later, keeping its requesters. */
    void failed(int errno, long nowNanos) {
        if (inFlight == null) {
            return;
        }
        LOG.warn("link dump {} failed (errno {}); retrying in {} ms", inFlight.sequence, errno,
                TimeUnit.NANOSECONDS.toMillis(retryNanos));
        giveBack(inFlight);
        notBeforeNanos = nowNanos + retryNanos;
        retryNanos = Math.min(retryNanos * 2, MAX_RETRY_NANOS);
    }

    /** Every link message, in stream order. */
    void onLink(NetlinkMessage.Link message) {
        if (inFlight == null) {
            return;
        }
        LinkEvent event = message.event();
        if (event.dumpSequence() == inFlight.sequence) {
            inFlight.entries.add(event);
            inFlight.interrupted |= message.dumpInterrupted();
        }
        if (inFlight.view != null && event.family() != LinkEvent.AF_BRIDGE) {
            // notifications interleaved with the dump are newer than the entries before them
            if (event.type() == LinkMessageType.NEW_LINK) {
                inFlight.view.put(event.ifindex(), event);
            } else {
                inFlight.view.remove(event.ifindex());
            }
        }
    }

    /**
     * @return the completion to deliver, or null when the message ends no dump of ours or the dump must be
     *         repeated (the kernel flagged it inconsistent, NLM_F_DUMP_INTR, or reported an error)
     */
    DeliveryItem.DumpFinished onDone(NetlinkMessage.Done done, long nowNanos) {
        if (inFlight == null || done.sequence() != inFlight.sequence) {
            return null;
        }
        if (done.error() != 0) {
            failed(-done.error(), nowNanos);
            return null;
        }
        InFlight finished = inFlight;
        inFlight = null;
        retryNanos = FIRST_RETRY_NANOS;
        if (finished.interrupted || done.dumpInterrupted()) {
            LOG.info("link dump {} was interrupted by concurrent changes; repeating it", finished.sequence);
            giveBack(finished);
            return null;
        }
        DumpCompletion completion = new DumpCompletion(finished.sequence, finished.entries, finished.resync,
                finished.requestedAtNanos);
        List<LinkEvent> view = finished.view == null ? null : List.copyOf(finished.view.values());
        return new DeliveryItem.DumpFinished(completion, view, finished.waiters);
    }

    void onError(NetlinkMessage.Error error, long nowNanos) {
        if (inFlight != null && error.sequence() == inFlight.sequence && error.errno() != 0) {
            failed(error.errno(), nowNanos);
        }
    }

    /**
     * Capture thread: the namespace was lost and its socket closed, so the dump in flight will never end and none
     * can be sent until the capture is attached again. Every requester fails with {@code reason}, and nothing stays
     * wanted: the next attachment asks for its own resync.
     */
    void detached(IllegalStateException reason) {
        List<CompletableFuture<DumpCompletion>> waiters = new ArrayList<>();
        if (inFlight != null) {
            waiters.addAll(inFlight.waiters);
            inFlight = null;
        }
        waiters.addAll(drainRequested());
        waiters.forEach(waiter -> waiter.completeExceptionally(reason));
        unrequestedDumpWanted = false;
        resyncWanted = false;
        retryNanos = FIRST_RETRY_NANOS;
        notBeforeNanos = System.nanoTime();
    }

    /** After the capture thread ended: every requester still waiting is told the capture closed. */
    void failAll() {
        if (inFlight != null) {
            Delivery.failAll(inFlight.waiters);
            inFlight = null;
        }
        failRequested();
    }

    /** Any thread: fails the requests not yet taken by a dump, telling them the capture closed. */
    void failRequested() {
        Delivery.failAll(drainRequested());
    }

    /** Any thread: fails the requests not yet taken by a dump with {@code reason}. */
    void failRequested(RuntimeException reason) {
        drainRequested().forEach(waiter -> waiter.completeExceptionally(reason));
    }

    private List<CompletableFuture<DumpCompletion>> drainRequested() {
        List<CompletableFuture<DumpCompletion>> waiters = new ArrayList<>();
        CompletableFuture<DumpCompletion> waiter;
        while ((waiter = requested.poll()) != null) {
            waiters.add(waiter);
        }
        return waiters;
    }

    private void giveBack(InFlight dump) {
        requested.addAll(dump.waiters);
        resyncWanted |= dump.resync;
        unrequestedDumpWanted |= dump.waiters.isEmpty() && !dump.resync;
        inFlight = null;
    }

    private static final class InFlight {
        final int sequence;
        final boolean resync;
        final List<CompletableFuture<DumpCompletion>> waiters;
        final long requestedAtNanos;
        final List<LinkEvent> entries = new ArrayList<>();
        /** Only for a resync: ifindex to newest AF_UNSPEC message since the request, dump entries included. */
        final Map<Integer, LinkEvent> view;
        boolean interrupted;

        InFlight(int sequence, boolean resync, List<CompletableFuture<DumpCompletion>> waiters,
                long requestedAtNanos) {
            this.sequence = sequence;
            this.resync = resync;
            this.waiters = waiters;
            this.requestedAtNanos = requestedAtNanos;
            this.view = resync ? new LinkedHashMap<>() : null;
        }
    }
}
