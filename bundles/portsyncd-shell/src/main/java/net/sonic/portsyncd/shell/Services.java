package net.sonic.portsyncd.shell;

import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import org.apache.karaf.shell.support.CommandException;

/**
 * Commands take every service as optional so that one missing bundle does not hide the whole command scope; these
 * turn an absent one into a message that names the bundle to look at.
 */
public final class Services {
    private Services() {
    }

    public static PortSyncService sync(PortSyncService service) throws CommandException {
        return require(service, "The sync engine", "portsyncd-core");
    }

    public static WarmRestartLifecycle lifecycle(WarmRestartLifecycle service) throws CommandException {
        return require(service, "The warm-restart lifecycle", "portsyncd-warmrestart");
    }

    public static PortStateStore stateStore(PortStateStore service) throws CommandException {
        return require(service, "The port state store", "portsyncd-persistence");
    }

    public static MetricsReader metrics(MetricsReader service) throws CommandException {
        return require(service, "The metrics service", "portsyncd-metrics");
    }

    private static <T> T require(T service, String description, String bundle) throws CommandException {
        if (service == null) {
            throw new CommandException(description + " is not available (is bundle " + bundle + " active?)");
        }
        return service;
    }
}
