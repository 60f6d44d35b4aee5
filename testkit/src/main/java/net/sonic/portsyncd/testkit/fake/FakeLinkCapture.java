package net.sonic.portsyncd.testkit.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;

/**
 * A netlink capture over a kernel in memory. The test changes links as {@code ip link} would ({@link #addLink},
 * {@link #setAdminState}, {@link #setCarrier}, {@link #deleteLink}, ...), and the capture tells its listeners as the
 * netlink bundle does: on a thread of its own, one call at a time, in kernel order; one notification batch per change
 * (or per {@link #inOneBatch} group); a dump as its entries (numbered with its sequence) in one
 * {@code onLinkBatch}, then {@code onDumpComplete}, then the requesters' stages; requests waiting together are served
 * by one dump. An overrun ({@link #loseNotificationsOf}) and a lost or replaced namespace ({@link #detach},
 * {@link #attach}) end with {@code onResyncComplete} and the complete view. A listener that throws is counted and
 * delivery goes on.
 *
 * <p>Dumps are answered at once unless the test holds them ({@link #holdDumps}) to answer later
 * ({@link #answerDumps}), which is how it decides when an engine's initial sync sees the end of its dump. Like a
 * capture that is already running when the engine attaches, it does not replay its own start-up dump.
 */
public final class FakeLinkCapture implements LinkCapture, AutoCloseable {
    private static final long DEFAULT_MTU = 1500;
    private static final int ENODEV = 19;

    private final String namespace;
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;
    private final Counters counters = new Counters();
    private final List<Integer> adminDownRequests = new CopyOnWriteArrayList<>();

    // guarded by "this": the kernel, the dump requests, the attachment
    private final Map<Integer, FakeLink> links = new LinkedHashMap<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private List<LinkEvent> batch;
    private boolean losing;
    private boolean holdDumps;
    private boolean attached = true;
    private boolean closed;
    private int nextIfindex = 1;
    private int nextSequence = 1;

    private record Waiter(CompletableFuture<DumpCompletion> stage, long requestedAtNanos) {
    }

    /** A capture of {@code namespace} ("" for the process's own) whose kernel has only {@code lo}. */
    public FakeLinkCapture(String namespace) {
        this.namespace = namespace;
        this.delivery = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fake-capture" + (namespace.isEmpty() ? "" : "-" + namespace));
            thread.setDaemon(true);
            return thread;
        });
        FakeLink loopback = newLink("lo", "loopback", 65536, true);
        loopback.adminUp = true;
    }

    public void addListener(LinkListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LinkListener listener) {
        listeners.remove(listener);
    }

    // ---- LinkCapture ----

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public synchronized boolean attached() {
        return attached && !closed;
    }

    @Override
    public synchronized CompletionStage<DumpCompletion> requestDump() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("netlink capture closed"));
        }
        if (!attached) {
            return CompletableFuture.failedFuture(notAttached());
        }
        CompletableFuture<DumpCompletion> stage = new CompletableFuture<>();
        waiting.add(new Waiter(stage, System.nanoTime()));
        if (!holdDumps) {
            dump(false);
        }
        return stage;
    }

    @Override
    public synchronized void setAdminDown(int ifindex) throws LinkControlException {
        if (closed) {
            throw new LinkControlException("netlink capture closed", 0);
        }
        if (!attached) {
            throw new LinkControlException(notAttached().getMessage(), 0);
        }
        FakeLink link = links.get(ifindex);
        if (link == null) {
            throw new LinkControlException("RTM_NEWLINK for ifindex " + ifindex + " refused", ENODEV);
        }
        adminDownRequests.add(ifindex);
        if (link.adminUp) {
            link.adminUp = false;
            notify(link, LinkMessageType.NEW_LINK, LinkEvent.IFF_UP | LinkEvent.IFF_RUNNING | LinkEvent.IFF_LOWER_UP);
        }
    }

    @Override
    public CaptureStatistics statistics() {
        return counters.snapshot();
    }

    // ---- the kernel, as a test changes it ----

    /** {@code ip tuntap add NAME mode tap}: admin down, no carrier, MTU 1500. Returns its ifindex. */
    public int addLink(String name) {
        return addLink(name, "tun");
    }

    /** A netdev of {@code kind} ("veth", "bridge", "team", ...), admin down, with carrier, MTU 1500. */
    public synchronized int addLink(String name, String kind) {
        if (ifindexOf(name).isPresent()) {
            throw new IllegalArgumentException(name + " exists");
        }
        FakeLink link = newLink(name, kind, DEFAULT_MTU, !"tun".equals(kind));
        notify(link, LinkMessageType.NEW_LINK, 0xFFFFFFFF);
        return link.ifindex;
    }

    /** {@code ip link set NAME up|down}. */
    public synchronized void setAdminState(String name, boolean up) {
        FakeLink link = link(name);
        if (link.adminUp != up) {
            link.adminUp = up;
            notify(link, LinkMessageType.NEW_LINK, LinkEvent.IFF_UP | (link.carrier ? LinkEvent.IFF_RUNNING : 0));
        }
    }

    /** The carrier of NAME (a veth's peer going up or down, a tap's file opened or closed). */
    public synchronized void setCarrier(String name, boolean on) {
        FakeLink link = link(name);
        if (link.carrier != on) {
            link.carrier = on;
            notify(link, LinkMessageType.NEW_LINK, link.adminUp ? LinkEvent.IFF_RUNNING | LinkEvent.IFF_LOWER_UP : 0);
        }
    }

    /** {@code ip link set NAME mtu MTU}. */
    public synchronized void setMtu(String name, long mtu) {
        FakeLink link = link(name);
        link.mtu = mtu;
        notify(link, LinkMessageType.NEW_LINK, 0);
    }

    /** {@code ip link set NAME master MASTER}. */
    public synchronized void setMaster(String name, String master) {
        FakeLink link = link(name);
        link.master = link(master).ifindex;
        notify(link, LinkMessageType.NEW_LINK, 0);
    }

    /**
     * {@code ip link set NAME nomaster}: as the kernel does for a bridge port, an AF_BRIDGE DELLINK (still naming the
     * master) and then the link's own NEWLINK without one.
     */
    public synchronized void setNoMaster(String name) {
        FakeLink link = link(name);
        if (link.master == 0) {
            return;
        }
        notify(link, LinkMessageType.DEL_LINK, LinkEvent.AF_BRIDGE, 0);
        link.master = 0;
        notify(link, LinkMessageType.NEW_LINK, 0);
    }

    /** {@code ip link del NAME}. */
    public synchronized void deleteLink(String name) {
        FakeLink link = link(name);
        if (link.master != 0) {
            notify(link, LinkMessageType.DEL_LINK, LinkEvent.AF_BRIDGE, 0);
        }
        links.remove(link.ifindex);
        notify(link, LinkMessageType.DEL_LINK, 0);
    }

    /**
     * Messages as they are, in one batch after what is queued: for messages no {@code ip} command makes (a foreign
     * kind, a message for a link the kernel does not have, ...). The kernel's own state does not change.
     */
    public synchronized void emit(List<LinkEvent> messages) {
        if (attached && !closed) {
            List<LinkEvent> copy = List.copyOf(messages);
            deliver(listener -> listener.onLinkBatch(copy), copy.size());
        }
    }

    /** The notifications of every change {@code changes} makes reach the listeners in one batch, as one wake-up's. */
    public void inOneBatch(Runnable changes) {
        List<LinkEvent> collected;
        synchronized (this) {
            batch = new ArrayList<>();
            try {
                changes.run();
            } finally {
                collected = batch;
                batch = null;
            }
        }
        if (!collected.isEmpty()) {
            emit(collected);
        }
    }

    /**
     * The receive buffer overflows (ENOBUFS) while {@code changes} are made: their notifications are lost, and the
     * capture makes a resync dump, as the netlink bundle does: entries, {@code onDumpComplete} with {@code resync}
     * set, then {@code onResyncComplete} with every link. Waiting dump requests are answered by it.
     */
    public synchronized void loseNotificationsOf(Runnable changes) {
        losing = true;
        try {
            changes.run();
        } finally {
            losing = false;
        }
        counters.overruns.incrementAndGet();
        dump(true);
    }

    public synchronized int ifindex(String name) {
        return link(name).ifindex;
    }

    /** The link as the kernel has it now (a NEWLINK with its flags and MTU), empty when there is no such link. */
    public synchronized Optional<LinkEvent> state(String name) {
        return ifindexOf(name).map(links::get)
                .map(link -> link.event(LinkMessageType.NEW_LINK, LinkEvent.AF_UNSPEC, 0, 0));
    }

    public synchronized List<String> linkNames() {
        return links.values().stream().map(link -> link.name).toList();
    }

    /** The ifindexes a {@link #setAdminDown} was asked for, in order (also those that were already down). */
    public List<Integer> adminDownRequests() {
        return List.copyOf(adminDownRequests);
    }

    // ---- dumps and the namespace, as a test controls them ----

    /** From now on dump requests wait for {@link #answerDumps}. */
    public synchronized void holdDumps() {
        holdDumps = true;
    }

    /** Answers the waiting requests with one dump; false when none was waiting. Dumps stay held. */
    public synchronized boolean answerDumps() {
        if (waiting.isEmpty()) {
            return false;
        }
        dump(false);
        return true;
    }

    /** Answers what waits and answers every later request at once again. */
    public synchronized void releaseDumps() {
        holdDumps = false;
        answerDumps();
    }

    public synchronized int waitingDumps() {
        return waiting.size();
    }

    /**
     * The namespace is deleted or replaced: the capture lets it go, waiting dump requests fail, and listeners get an
     * empty resync ({@code onDumpComplete}, then {@code onResyncComplete} with no links). Until {@link #attach} no
     * change of the kernel is notified and dump requests fail at once.
     */
    public synchronized void detach() {
        if (!attached) {
            return;
        }
        attached = false;
        IllegalStateException reason = notAttached();
        waiting.forEach(waiter -> waiter.stage().completeExceptionally(reason));
        waiting.clear();
        DumpCompletion gone = new DumpCompletion(nextSequence++, List.of(), true, System.nanoTime());
        deliver(listener -> listener.onDumpComplete(gone), 0);
        deliver(listener -> listener.onResyncComplete(List.of()), 0);
    }

    /** The name names a namespace again: the capture attaches and delivers its full view as a resync. */
    public synchronized void attach() {
        if (!attached) {
            attached = true;
            dump(true);
        }
    }

    /** Returns once everything handed to the delivery thread so far has been delivered. */
    public void awaitDelivered() {
        try {
            delivery.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the fake capture's delivery", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the fake capture's delivery did not drain", e);
        }
    }

    /** Stops delivering; waiting requests fail as the capture's do when it closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            IllegalStateException reason = new IllegalStateException("netlink capture closed");
            waiting.forEach(waiter -> waiter.stage().completeExceptionally(reason));
            waiting.clear();
        }
        delivery.shutdown();
        try {
            delivery.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- inside ----

    private FakeLink newLink(String name, String kind, long mtu, boolean carrier) {
        FakeLink link = new FakeLink(name, nextIfindex++, kind, mtu, carrier);
        links.put(link.ifindex, link);
        return link;
    }

    private FakeLink link(String name) {
        return ifindexOf(name).map(links::get)
                .orElseThrow(() -> new IllegalArgumentException("no link " + name + " in the fake kernel"));
    }

    private Optional<Integer> ifindexOf(String name) {
        return links.values().stream().filter(link -> link.name.equals(name)).map(link -> link.ifindex).findFirst();
    }

    private void notify(FakeLink link, LinkMessageType type, int change) {
        notify(link, type, LinkEvent.AF_UNSPEC, change);
    }

    private void notify(FakeLink link, LinkMessageType type, int family, int change) {
        if (!attached || closed || losing) {
            return;
        }
        LinkEvent event = link.event(type, family, change, 0);
        if (batch != null) {
            batch.add(event);
        } else {
            deliver(listener -> listener.onLinkBatch(List.of(event)), 1);
        }
    }

    /** Answers every waiting request with one dump of the kernel as it is now. */
    private void dump(boolean resync) {
        if (closed) {
            return;
        }
        int sequence = nextSequence++;
        List<Waiter> answered = List.copyOf(waiting);
        waiting.clear();
        long requestedAt = answered.stream().mapToLong(Waiter::requestedAtNanos).min().orElse(System.nanoTime());
        List<LinkEvent> entries = links.values().stream()
                .map(link -> link.event(LinkMessageType.NEW_LINK, LinkEvent.AF_UNSPEC, 0, sequence)).toList();
        DumpCompletion completion = new DumpCompletion(sequence, entries, resync, requestedAt);
        if (!entries.isEmpty()) {
            deliver(listener -> listener.onLinkBatch(entries), entries.size());
        }
        deliver(listener -> listener.onDumpComplete(completion), 0);
        if (resync) {
            deliver(listener -> listener.onResyncComplete(entries), 0);
            counters.resyncs.incrementAndGet();
        }
        counters.dumps.incrementAndGet();
        delivery.execute(() -> answered.forEach(waiter -> waiter.stage().complete(completion)));
    }

    private void deliver(Consumer<LinkListener> call, int events) {
        if (closed) {
            return;
        }
        counters.messages.addAndGet(events);
        delivery.execute(() -> {
            counters.datagrams.incrementAndGet();
            counters.linkEvents.addAndGet(events);
            for (LinkListener listener : listeners) {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    counters.listenerFailures.incrementAndGet();
                }
            }
        });
    }

    private IllegalStateException notAttached() {
        return new IllegalStateException("network namespace " + namespace + " is not attached");
    }

    private static final class Counters {
        final AtomicLong datagrams = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong linkEvents = new AtomicLong();
        final AtomicLong overruns = new AtomicLong();
        final AtomicLong resyncs = new AtomicLong();
        final AtomicLong listenerFailures = new AtomicLong();
        final AtomicLong dumps = new AtomicLong();

        CaptureStatistics snapshot() {
            return new CaptureStatistics(datagrams.get(), messages.get(), linkEvents.get(), 0, overruns.get(),
                    resyncs.get(), 0, listenerFailures.get(), dumps.get());
        }
    }
}
