package net.sonic.portsyncd.itests;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.sonic.portsyncd.testkit.NetNs;

/** Toggles the ports' admin state round robin on a thread of its own, from outside the container, until closed. */
final class LinkFlapper implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong flaps = new AtomicLong();
    private final Thread thread;

    LinkFlapper(NetNs ns, List<String> ports) {
        thread = new Thread(() -> {
            for (long i = 0; running.get(); i++) {
                String port = ports.get((int) (i % ports.size()));
                if ((i / ports.size()) % 2 == 0) {
                    ns.up(port);
                } else {
                    ns.down(port);
                }
                flaps.incrementAndGet();
            }
        }, "itest-flapper");
        thread.start();
    }

    long flaps() {
        return flaps.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
