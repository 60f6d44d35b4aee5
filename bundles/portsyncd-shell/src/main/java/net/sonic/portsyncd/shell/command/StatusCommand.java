package net.sonic.portsyncd.shell.command;

import java.util.Optional;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.shell.StatusReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Service
@Command(scope = "portsyncd", name = "status", description = "Shows the sync engine's mode, readiness, ports and Redis state")
public class StatusCommand implements Action {

    @Reference
    Session session;

    @Reference(optional = true)
    PortSyncService sync;

    @Reference(optional = true)
    WarmRestartLifecycle lifecycle;

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    public Object execute() {
        Optional<WarmRestartLifecycle> warm = Optional.ofNullable(lifecycle);
        StatusReport.table(Optional.ofNullable(sync).map(PortSyncService::status),
                warm.map(WarmRestartLifecycle::state), warm.flatMap(WarmRestartLifecycle::lastDecision))
                .print(session.getConsole(), !noFormat);
        return null;
    }
}
