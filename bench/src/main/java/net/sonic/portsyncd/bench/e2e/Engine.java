package net.sonic.portsyncd.bench.e2e;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.core.LinkSync;
import net.sonic.portsyncd.core.SyncSettings;
import net.sonic.portsyncd.metrics.MetricsRegistry;
import net.sonic.portsyncd.netlink.CaptureSettings;
import net.sonic.portsyncd.netlink.NetlinkCapture;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;

/**
 * portsyncd in one JVM, wired as the DS components wire it in the container: the databases, the metrics, the
 * state store, the warm-restart lifecycle and the netlink capture come up first; the sync engine is activated
 * last, and can be stopped and activated again as a bundle update of the core does.
 */
final class Engine implements AutoCloseable {
    final SonicDbClient db;
    final MetricsRegistry metrics = new MetricsRegistry(Clock.systemUTC());
    final StateFileStore store;
    final WarmRestartManager lifecycleManager;
    final TimedLifecycle lifecycle;
    final NetlinkCapture capture;
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    private LinkSync sync;
    private boolean closed;

    Engine(Path databaseConfig, String netns, Path stateDirectory) {
        db = SonicDbClient.open(databaseConfig, "", Duration.ofSeconds(5));
        store = new StateFileStore(stateDirectory, StoreSettings.defaults(), metrics, Clock.systemUTC());
        lifecycleManager = WarmRestartManager.create(db, store, null, metrics);
        lifecycle = new TimedLifecycle(lifecycleManager);
        capture = NetlinkCapture.start(new CaptureSettings(netns, CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES),
                listeners, metrics);
    }

    /** What the core's DS activation does: build the engine, bind the optional services, listen, start. */
    LinkSync activateSync() {
        if (sync != null) {
            throw new IllegalStateException("the sync engine is already active");
        }
        LinkSync created = new LinkSync(db, capture, lifecycle, SyncSettings.defaults(), Clock.systemUTC());
        created.useMetrics(metrics);
        created.useStateStore(store);
        listeners.add(created);
        created.start();
        sync = created;
        return created;
    }

    /** What the core's DS deactivation does: stop listening, stop the engine (it saves a clean shutdown). */
    void deactivateSync() {
        if (sync != null) {
            listeners.remove(sync);
            sync.close();
            sync = null;
        }
    }

    /** Another listener on the same capture, called after the engine's own hand-over (as a second bundle would be). */
    void observe(LinkListener observer) {
        listeners.add(observer);
    }

    void stopObserving(LinkListener observer) {
        listeners.remove(observer);
    }

    LinkSync sync() {
        return sync;
    }

    /** Closes everything once; a second call does nothing (the JVM-restart phase closes an engine early). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deactivateSync();
        capture.close();
        lifecycleManager.close();
        store.close();
        db.close();
    }
}
