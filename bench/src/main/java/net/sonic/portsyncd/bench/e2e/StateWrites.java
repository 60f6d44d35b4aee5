package net.sonic.portsyncd.bench.e2e;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;

/**
 * What a phase did to STATE_DB's port rows and to PortConfigDone, as keyspace notifications show it: the writes
 * and deletes of {@code PORT_TABLE|*} rows and the arrival of the last one. A marker written by the harness
 * closes the count: one connection delivers the notifications in order, so once the marker's has arrived every
 * earlier write has been counted.
 */
final class StateWrites implements Consumer<KeyspaceNotifications.Event> {
    private static final String STATE_PORT_PREFIX = "PORT_TABLE|";
    private static final String MARKER_KEY = "BENCH_MARKER|state-writes";

    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicLong portConfigDone = new AtomicLong();
    private final AtomicLong markerNanos = new AtomicLong();

    @Override
    public void accept(KeyspaceNotifications.Event event) {
        if (event.db() == 6 && event.key().startsWith(STATE_PORT_PREFIX)) {
            (event.op().equals("del") ? deletes : writes).incrementAndGet();
            lastNanos.set(event.nanos());
        } else if (event.db() == 6 && event.key().equals(MARKER_KEY) && event.op().equals("hset")) {
            markerNanos.compareAndSet(0, event.nanos());
        } else if (event.db() == 0 && event.key().endsWith("PortConfigDone") && event.op().equals("hset")) {
            portConfigDone.incrementAndGet();
        }
    }

    /** Writes the marker, waits for its notification, and removes it: the counts are final afterwards. */
    void closeWithMarker(DbConnection state) {
        state.hset(MARKER_KEY, Map.of("written", Long.toString(System.nanoTime())));
        PortCountRun.await(() -> markerNanos.get() != 0, () -> "the marker write was not notified");
        state.del(MARKER_KEY);
    }

    /** HSETs (and HDELs) of port rows. */
    long writes() {
        return writes.get();
    }

    long deletes() {
        return deletes.get();
    }

    long total() {
        return writes() + deletes();
    }

    /** When the last port row notification arrived; 0 when none did. */
    long lastNanos() {
        return lastNanos.get();
    }

    /** HSETs of APPL_DB's PortConfigDone: a resume must write none. */
    long portConfigDone() {
        return portConfigDone.get();
    }
}
