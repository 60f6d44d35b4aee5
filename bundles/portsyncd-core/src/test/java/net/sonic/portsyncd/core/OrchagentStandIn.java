package net.sonic.portsyncd.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.NetNs;

/**
 * What orchagent and syncd do with APPL_DB PORT_TABLE in SONiC, as far as portsyncd can tell: pop it with a
 * ConsumerStateTable (which fills the final PORT_TABLE:&lt;port&gt; rows) and, like SAI, create the host
 * interface of each popped port in the namespace.
 */
final class OrchagentStandIn implements AutoCloseable {

    enum Netdevs {
        /** Pop only. */
        NONE,
        /** A tap per port: admin state follows the port, never carrier. */
        TAP,
        /** A veth per port whose peer is up: carrier, so oper up once the port is up. */
        VETH
    }

    private final ConsumerStateTable consumer;
    private final NetNs ns;
    private final Netdevs netdevs;
    private final List<KeyOpFields> popped = new CopyOnWriteArrayList<>();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    OrchagentStandIn(SonicDb db, NetNs ns, Netdevs netdevs) {
        this.consumer = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);
        this.ns = ns;
        this.netdevs = netdevs;
        this.thread = new Thread(this::run, "test-orchagent");
        thread.start();
    }

    static String peerOf(String port) {
        return "pe" + port.substring("Ethernet".length());
    }

    private void run() {
        try {
            while (running) {
                try {
                    List<KeyOpFields> batch = consumer.pop(Duration.ofMillis(100));
                    popped.addAll(batch);
                    createNetdevs(batch);
                } catch (DbUnavailableException outage) {
                    // like orchagent, wait for Redis to come back
                    Thread.sleep(50);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createNetdevs(List<KeyOpFields> batch) {
        if (netdevs == Netdevs.NONE) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (KeyOpFields entry : batch) {
            String port = entry.key();
            if (entry.op() == KeyOpFields.Op.SET && port.startsWith("Ethernet") && created.add(port)) {
                if (netdevs == Netdevs.TAP) {
                    lines.add("tuntap add dev " + port + " mode tap");
                } else {
                    lines.add("link add " + port + " type veth peer name " + peerOf(port));
                    lines.add("link set " + peerOf(port) + " up");
                }
            }
        }
        if (!lines.isEmpty()) {
            ns.batch(lines);
        }
    }

    List<KeyOpFields> popped() {
        throwIfFailed();
        return List.copyOf(popped);
    }

    List<KeyOpFields> popped(String key) {
        return popped().stream().filter(entry -> entry.key().equals(key)).toList();
    }

    Set<String> created() {
        return Set.copyOf(created);
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new AssertionError("the orchagent stand-in failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
        consumer.close();
        throwIfFailed();
    }
}
