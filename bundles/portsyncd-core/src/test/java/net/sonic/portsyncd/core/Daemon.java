package net.sonic.portsyncd.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.netlink.CaptureSettings;
import net.sonic.portsyncd.netlink.NetlinkCapture;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.sonicdb.ConnectionSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;

/**
 * portsyncd as the container runs it, built from the real parts: the SONiC DB client, the netlink capture of
 * the test's namespace, the warm-restart lifecycle and (optionally) the state file, around the engine.
 */
final class Daemon implements AutoCloseable {

    /**
     * @param stateDirectory where the state file lives; null for no state store
     */
    record Options(int receiveBufferBytes, Path stateDirectory, Duration eoiuTimeout, SyncSettings settings) {
        static Options defaults() {
            return new Options(4 << 20, null, Duration.ofSeconds(10), SyncSettings.defaults());
        }

        Options withStateDirectory(Path directory) {
            return new Options(receiveBufferBytes, directory, eoiuTimeout, settings);
        }

        Options withReceiveBuffer(int bytes) {
            return new Options(bytes, stateDirectory, eoiuTimeout, settings);
        }

        Options withSettings(SyncSettings syncSettings) {
            return new Options(receiveBufferBytes, stateDirectory, eoiuTimeout, syncSettings);
        }
    }

    /** Short reconnect attempts so that an outage is noticed, and left, quickly. */
    static final ConnectionSettings CONNECTIONS = new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(2),
            2, Duration.ofMillis(20), Duration.ofMillis(100));

    final CountingMetrics metrics = new CountingMetrics();
    final RecordingAlarms alarms = new RecordingAlarms();
    final SonicDbClient db;
    final StateFileStore store;
    final WarmRestartManager lifecycle;
    final NetlinkCapture capture;
    final LinkSync sync;

    private Daemon(Path databaseConfig, NetNs ns, Options options) {
        db = SonicDbClient.open(databaseConfig, "", CONNECTIONS);
        store = options.stateDirectory() == null ? null
                : new StateFileStore(options.stateDirectory(), StoreSettings.defaults(), metrics, alarms,
                        Clock.systemUTC());
        lifecycle = WarmRestartManager.create(db, store, options.eoiuTimeout(), metrics);
        lifecycle.useAlarms(alarms);
        Forwarder forwarder = new Forwarder();
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), options.receiveBufferBytes()), List.of(forwarder),
                metrics, alarms);
        sync = new LinkSync(db, capture, lifecycle, options.settings(), Clock.systemUTC());
        sync.useMetrics(metrics);
        sync.useAlarms(alarms);
        if (store != null) {
            sync.useStateStore(store);
        }
        forwarder.target = sync;
        sync.start();
    }

    static Daemon start(Path databaseConfig, NetNs ns, Options options) {
        return new Daemon(databaseConfig, ns, options);
    }

    @Override
    public void close() {
        sync.close();
        capture.close();
        lifecycle.close();
        if (store != null) {
            store.close();
        }
        db.close();
    }

    /** The capture's listener until the engine exists, as the OSGi whiteboard attaches it after activation. */
    private static final class Forwarder implements LinkListener {
        private volatile LinkListener target;

        @Override
        public void onLinkBatch(List<LinkEvent> batch) {
            LinkListener current = target;
            if (current != null) {
                current.onLinkBatch(batch);
            }
        }

        @Override
        public void onDumpComplete(DumpCompletion completion) {
            LinkListener current = target;
            if (current != null) {
                current.onDumpComplete(completion);
            }
        }

        @Override
        public void onResyncComplete(List<LinkEvent> kernelView) {
            LinkListener current = target;
            if (current != null) {
                current.onResyncComplete(kernelView);
            }
        }
    }
}
