package net.sonic.portsyncd.metrics.jmx;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.sync.SyncStatus;
import net.sonic.portsyncd.api.warm.RestartMode;

/** A sync engine over a fixed set of ports; it saves them to a real state store and "resyncs" by counting. */
final class SimpleSyncEngine implements PortSyncService {
    final AtomicInteger resyncs = new AtomicInteger();
    private final List<PortView> ports;
    private final PortStateStore store;
    private volatile RuntimeException resyncFailure;
    private volatile boolean resyncsHang;

    SimpleSyncEngine(List<PortView> ports, PortStateStore store) {
        this.ports = List.copyOf(ports);
        this.store = store;
    }

    void failResyncWith(RuntimeException failure) {
        resyncFailure = failure;
    }

    /** Resyncs start but never complete. */
    void hangResyncs() {
        resyncsHang = true;
    }

    @Override
    public SyncStatus status() {
        return new SyncStatus(true, RestartMode.WARM, true, true, 0, ports.size(), true, 0, true);
    }

    @Override
    public List<PortView> ports() {
        return ports;
    }

    @Override
    public CompletionStage<ResyncResult> resync() {
        resyncs.incrementAndGet();
        if (resyncsHang) {
            return new CompletableFuture<>();
        }
        RuntimeException failure = resyncFailure;
        return failure == null
                ? CompletableFuture.completedFuture(new ResyncResult(ports.size(), 1, 0, 12))
                : CompletableFuture.failedFuture(failure);
    }

    @Override
    public boolean saveStateNow() {
        if (store == null) {
            return false;
        }
        java.util.Map<String, PortRecord> records = new java.util.TreeMap<>();
        for (PortView port : ports) {
            records.put(port.name(), new PortRecord(port.name(), port.ifindex(), port.adminUp(), port.operUp(),
                    port.adminUp() ? 1 : 0, port.mtu()));
        }
        try {
            store.save(new PortStateSnapshot(System.currentTimeMillis(), store.currentBootId(), false, true, records));
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
