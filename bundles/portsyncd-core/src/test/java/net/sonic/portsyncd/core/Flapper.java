package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import net.sonic.portsyncd.testkit.NetNs;

/**
 * Changes links of a namespace as fast as {@code ip -batch} goes, on a thread of its own, until closed: each batch
 * sets random ports up or down and, when asked, a random MTU for one change in four.
 */
final class Flapper implements AutoCloseable {
    private final AtomicBoolean flapping = new AtomicBoolean(true);
    private final Thread thread;

    private Flapper(NetNs ns, Random random, int portCount, int changesPerBatch, boolean mtus) {
        thread = new Thread(() -> {
            while (flapping.get()) {
                List<String> changes = new ArrayList<>(changesPerBatch);
                for (int i = 0; i < changesPerBatch; i++) {
                    String port = "Ethernet" + random.nextInt(portCount) * 4;
                    changes.add(mtus && random.nextInt(4) == 0
                            ? "link set " + port + " mtu " + (1500 + random.nextInt(8000))
                            : "link set " + port + (random.nextBoolean() ? " up" : " down"));
                }
                ns.batch(changes);
            }
        }, "test-flapper");
    }

    static Flapper start(NetNs ns, Random random, int portCount, int changesPerBatch, boolean mtus) {
        Flapper flapper = new Flapper(ns, random, portCount, changesPerBatch, mtus);
        flapper.thread.start();
        return flapper;
    }

    /** Stops after the batch in progress; every change it made is in the kernel when this returns. */
    @Override
    public void close() throws InterruptedException {
        flapping.set(false);
        thread.join();
    }
}
