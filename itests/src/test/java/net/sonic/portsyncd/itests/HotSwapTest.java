package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.inject.Inject;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The hot-swap promise: updating any portsyncd bundle on a running container while links flap deletes no STATE_DB
 * row of a live port, sets no netdev admin-down, replays no PortConfigDone, and leaves STATE_DB equal to the kernel.
 */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapTest {
    private static final int UPDATES_PER_BUNDLE = Integer.getInteger(ContainerFixture.HOT_SWAP_UPDATES, 10);
    private static final String STEADY_PORT = "Ethernet0";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerFixture.hotSwapOptions();
    }

    @Test
    public void updatingEachBundleUnderFlapLoadIsHitless() throws Exception {
        SonicDb sonicDb = Services.await(context, SonicDb.class);
        List<String> ports = ContainerFixture.PORTS;
        try (DbConnection state = sonicDb.connect(SonicDb.STATE_DB)) {
            InContainer.orchagentCreatesTheHostInterfaces(sonicDb, ports);
            InContainer.ip("link", "set", STEADY_PORT, "up");
            InContainer.until(30_000, () -> ports.stream().allMatch(p -> state.exists("PORT_TABLE|" + p))
                    && "up".equals(state.hget("PORT_TABLE|" + STEADY_PORT, "admin_status").orElse(null)),
                    () -> "STATE_DB rows missing");
            awaitSynced();

            List<String> flapped = ports.subList(1, ports.size());
            AtomicBoolean flapping = new AtomicBoolean(true);
            Thread flapper = new Thread(() -> InContainer.flap(flapped, flapping), "itest-flapper");
            List<String> report = new ArrayList<>();
            try (KeyspaceNotifications watcher = KeyspaceNotifications.recording("127.0.0.1", InContainer.redisPort(),
                    "__keyspace@6__:PORT_TABLE|*", "__keyspace@0__:*PortConfigDone*")) {
                flapper.start();
                for (Bundle bundle : ourBundles()) {
                    for (int i = 0; i < UPDATES_PER_BUNDLE; i++) {
                        BundleUpdates.updateAndRefresh(context, bundle);
                        awaitSynced();
                        assertTrue(STEADY_PORT + " went admin-down in the kernel after updating "
                                + bundle.getSymbolicName(), steadyPortIsUp());
                    }
                    report.add(bundle.getSymbolicName() + " x" + UPDATES_PER_BUNDLE);
                }
                flapping.set(false);
                flapper.join();

                List<KeyspaceNotifications.Event> events = watcher.events();
                assertEquals("STATE_DB deletions of live ports during " + report, 0,
                        events.stream().filter(e -> "del".equals(e.op())).count());
                assertEquals("PortConfigDone replays", 0, events.stream()
                        .filter(e -> e.key().endsWith("PortConfigDone") && "hset".equals(e.op())).count());
                assertTrue("steady port stayed up", steadyPortIsUp());
                // the sonic-db bundle was updated too: the services held so far are gone, fetch the new ones
                try (DbConnection current = Services.await(context, SonicDb.class).connect(SonicDb.STATE_DB)) {
                    InContainer.until(30_000, () -> stateDbEqualsKernel(current, ports),
                            () -> "STATE_DB " + ports.stream().collect(Collectors.toMap(p -> p,
                                    p -> current.hgetall("PORT_TABLE|" + p))) + " vs kernel " + InContainer.ip("-o", "link"));
                }
            } finally {
                flapping.set(false);
            }
        }
    }

    private boolean steadyPortIsUp() {
        String line = InContainer.ip("-o", "link", "show", STEADY_PORT);
        String flags = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
        return List.of(flags.split(",")).contains("UP");
    }

    private boolean stateDbEqualsKernel(DbConnection state, List<String> ports) {
        for (String port : ports) {
            String line = InContainer.ip("-o", "link", "show", port);
            String flags = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
            String admin = List.of(flags.split(",")).contains("UP") ? "up" : "down";
            Map<String, String> row = state.hgetall("PORT_TABLE|" + port);
            if (!admin.equals(row.get("admin_status")) || !"ok".equals(row.get("state"))) {
                return false;
            }
        }
        return true;
    }

    /** The engine is back, its lifecycle finished the initial sync (reconciled), and Redis is reachable. */
    private void awaitSynced() throws Exception {
        InContainer.until(60_000, () -> {
            PortSyncService sync = service(PortSyncService.class);
            WarmRestartLifecycle lifecycle = service(WarmRestartLifecycle.class);
            return sync != null && lifecycle != null && sync.status().running() && sync.status().redisAvailable()
                    && lifecycle.state() == LifecycleState.INITIAL_SYNC_COMPLETE;
        }, () -> "the sync engine did not come back; portsyncd threads:\n" + portsyncdThreads());
    }

    private static String portsyncdThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("portsyncd") || thread.getName().startsWith("netlink")
                    || thread.getName().startsWith("sonic-db")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private <T> T service(Class<T> type) {
        try {
            var reference = context.getServiceReference(type);
            return reference == null ? null : context.getService(reference);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * Every implementation bundle. The API bundle is left out: refreshing it rewires every bundle that imports it,
     * this test's own probe included, which would end the test rather than exercise portsyncd.
     */
    private List<Bundle> ourBundles() {
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("portsyncd-")
                    && !bundle.getSymbolicName().equals("portsyncd-api")) {
                bundles.add(bundle);
            }
        }
        bundles.sort((a, b) -> a.getSymbolicName().compareTo(b.getSymbolicName()));
        return bundles;
    }
}
