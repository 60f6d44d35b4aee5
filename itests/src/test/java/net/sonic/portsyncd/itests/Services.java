package net.sonic.portsyncd.itests;

import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Waits for an OSGi service inside the container, with a deadline. */
final class Services {
    static final long TIMEOUT_SECONDS = 60;

    private Services() {
    }

    static <T> T await(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        if (service == null) {
            throw new AssertionError("no " + type.getName() + " service after " + TIMEOUT_SECONDS + " s");
        }
        return service;
    }
}
