package net.sonic.portsyncd.bench.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;

/**
 * The start-up milestones as keyspace notifications show them, stamped on arrival: the producer's PortConfigDone
 * and PortInitDone in APPL_DB, and the moment the last of N STATE_DB port rows appeared. 0 until seen.
 */
public final class StartMilestones implements Consumer<KeyspaceNotifications.Event> {
    private static final String STATE_PORT_PREFIX = "PORT_TABLE|";

    private final int portCount;
    private final AtomicLong portConfigDone = new AtomicLong();
    private final AtomicLong portInitDone = new AtomicLong();
    private final AtomicLong allRows = new AtomicLong();
    private final Set<String> rows = ConcurrentHashMap.newKeySet();

    public StartMilestones(int portCount) {
        this.portCount = portCount;
    }

    @Override
    public void accept(KeyspaceNotifications.Event event) {
        if (!"hset".equals(event.op())) {
            return;
        }
        if (event.db() == 0 && event.key().endsWith("PortConfigDone")) {
            portConfigDone.compareAndSet(0, event.nanos());
        } else if (event.db() == 0 && event.key().endsWith("PortInitDone")) {
            portInitDone.compareAndSet(0, event.nanos());
        } else if (event.db() == 6 && event.key().startsWith(STATE_PORT_PREFIX) && rows.add(event.key())
                && rows.size() == portCount) {
            allRows.compareAndSet(0, event.nanos());
        }
    }

    public long portConfigDone() {
        return portConfigDone.get();
    }

    public long portInitDone() {
        return portInitDone.get();
    }

    public long allRows() {
        return allRows.get();
    }

    public int rowsSeen() {
        return rows.size();
    }
}
