package net.sonic.portsyncd.itests;

import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/** {@code bundle:update} as an operator runs it: update, then refresh, waiting for both. */
final class BundleUpdates {
    private static final long TIMEOUT_MILLIS = 60_000;

    private BundleUpdates() {
    }

    /**
     * Updates and refreshes. While Karaf's feature service still holds the framework's resolve lock (it may be
     * finishing its boot deployment), the update cannot start the bundle; it is tried again until the deadline.
     */
    static void updateAndRefresh(BundleContext context, Bundle bundle) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            try {
                bundle.update();
                break;
            } catch (BundleException e) {
                if (!String.valueOf(e.getMessage()).contains("global lock") || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(Collections.singleton(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("refresh of " + bundle.getSymbolicName() + " did not finish");
        }
    }
}
