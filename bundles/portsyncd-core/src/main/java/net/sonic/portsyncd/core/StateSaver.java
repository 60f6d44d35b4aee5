package net.sonic.portsyncd.core;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves what the engine knows into the state store, when one is bound (the persistence bundle is optional and may
 * be replaced at any time). A failing save is the store's to report; it never reaches the engine.
 */
final class StateSaver {
    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);

    private final AtomicReference<PortStateStore> store = new AtomicReference<>();
    private final PortRegistry registry;
    private final BooleanSupplier portInitDone;
    private final Clock clock;

    StateSaver(PortRegistry registry, BooleanSupplier portInitDone, Clock clock) {
        this.registry = registry;
        this.portInitDone = portInitDone;
        this.clock = clock;
    }

    void use(PortStateStore stateStore) {
        store.set(stateStore);
    }

    void release(PortStateStore stateStore) {
        store.compareAndSet(stateStore, null);
    }

    /** Asks for a save soon; saves asked for in quick succession are written once. */
    void saveSoon() {
        PortStateStore current = store.get();
        if (current != null) {
            current.saveCoalesced(() -> snapshot(current, false));
        }
    }

    /** Saves now; false when there is no store or the save failed. */
    boolean saveNow(boolean cleanShutdown) {
        PortStateStore current = store.get();
        if (current == null) {
            return false;
        }
        try {
            current.save(snapshot(current, cleanShutdown));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Saving the port state failed: {}", e.toString());
            return false;
        }
    }

    private PortStateSnapshot snapshot(PortStateStore target, boolean cleanShutdown) {
        return new PortStateSnapshot(clock.millis(), target.currentBootId(), cleanShutdown,
                portInitDone.getAsBoolean(), registry.records());
    }
}
