package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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
 * Repeated updates of the core bundle while links flap leak nothing: after them the container has the same
 * portsyncd threads (by name) as before and no more open file descriptors than before (a small margin for the
 * container's own caches), STATE_DB never lost the row of a live port and ends equal to the kernel.
 * {@code -Dportsyncd.itest.hotswap.updates=N} (default 10; the long drill runs 100).
 */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapResourceTest {
    private static final int UPDATES = Integer.getInteger(ContainerFixture.HOT_SWAP_UPDATES, 10);
    private static final int WARM_UP_UPDATES = 2;
    private static final int FD_MARGIN = 8;
    private static final List<String> OUR_THREAD_PREFIXES = List.of("portsyncd", "netlink", "sonic-db");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerFixture.hotSwapOptions();
    }

    @Test
    public void coreUpdatesUnderFlappingReturnThreadsAndDescriptorsToTheirBaseline() throws Exception {
        SonicDb sonicDb = Services.await(context, SonicDb.class);
        List<String> ports = ContainerFixture.PORTS;
        try (DbConnection state = sonicDb.connect(SonicDb.STATE_DB)) {
            InContainer.orchagentCreatesTheHostInterfaces(sonicDb, ports);
            InContainer.until(30_000, () -> ports.stream().allMatch(p -> state.exists("PORT_TABLE|" + p)),
                    () -> "STATE_DB rows missing");
            Bundle core = coreBundle();
            for (int i = 0; i < WARM_UP_UPDATES; i++) {
                updateAndAwaitSynced(core);
            }
            Map<String, Integer> baselineThreads = ourThreads();
            long baselineFds = openFileDescriptors();

            AtomicBoolean flapping = new AtomicBoolean(true);
            Thread flapper = new Thread(() -> InContainer.flap(ports, flapping), "itest-resource-flapper");
            try (KeyspaceNotifications watcher = KeyspaceNotifications.recording("127.0.0.1", InContainer.redisPort(),
                    "__keyspace@6__:PORT_TABLE|*")) {
                flapper.start();
                for (int i = 0; i < UPDATES; i++) {
                    updateAndAwaitSynced(coreBundle());
                }
                flapping.set(false);
                flapper.join();
                assertEquals("STATE_DB deletions of live ports during " + UPDATES + " core updates", 0,
                        watcher.events().stream().filter(e -> "del".equals(e.op())).count());
            } finally {
                flapping.set(false);
            }

            InContainer.until(30_000, () -> ourThreads().equals(baselineThreads),
                    () -> "portsyncd threads " + ourThreads() + " after " + UPDATES + " updates, baseline " + baselineThreads);
            InContainer.until(30_000, () -> openFileDescriptors() <= baselineFds + FD_MARGIN,
                    () -> openFileDescriptors() + " open file descriptors after " + UPDATES + " updates, baseline "
                            + baselineFds);
            InContainer.until(30_000, () -> stateDbEqualsKernel(state, ports), () -> "STATE_DB differs from the kernel");
        }
    }

    /** Live threads of our bundles by name (the namespace suffix included), with their counts. */
    private static Map<String, Integer> ourThreads() {
        Map<String, Integer> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && OUR_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith)) {
                threads.merge(thread.getName(), 1, Integer::sum);
            }
        }
        return threads;
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }

    private static boolean stateDbEqualsKernel(DbConnection state, List<String> ports) {
        for (String port : ports) {
            String line = InContainer.ip("-o", "link", "show", port);
            String flags = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
            String admin = List.of(flags.split(",")).contains("UP") ? "up" : "down";
            if (!admin.equals(state.hgetall("PORT_TABLE|" + port).get("admin_status"))) {
                return false;
            }
        }
        return true;
    }

    private Bundle coreBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("portsyncd-core".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no portsyncd-core bundle in the container");
    }

    /** bundle:update then a refresh, as an operator does; then the engine must be back, reconciled and on Redis. */
    private void updateAndAwaitSynced(Bundle bundle) throws Exception {
        BundleUpdates.updateAndRefresh(context, bundle);
        InContainer.until(60_000, () -> {
            PortSyncService sync = service(PortSyncService.class);
            WarmRestartLifecycle lifecycle = service(WarmRestartLifecycle.class);
            return sync != null && lifecycle != null && sync.status().running() && sync.status().redisAvailable()
                    && lifecycle.state() == LifecycleState.INITIAL_SYNC_COMPLETE;
        }, () -> "the sync engine did not come back after updating " + bundle.getSymbolicName());
    }

    private <T> T service(Class<T> type) {
        try {
            var reference = context.getServiceReference(type);
            return reference == null ? null : context.getService(reference);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
