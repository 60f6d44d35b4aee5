package net.sonic.portsyncd.shell.command;

import java.io.PrintStream;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.shell.Services;
import net.sonic.portsyncd.shell.WarmRestartActions;
import net.sonic.portsyncd.shell.WarmRestartReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(scope = "portsyncd", name = "warm-restart",
        description = "Shows the warm-restart lifecycle, or runs one of its operations")
public class WarmRestartCommand implements Action {

    @Reference
    Session session;

    @Reference(optional = true)
    WarmRestartLifecycle lifecycle;

    @Reference(optional = true)
    PortSyncService sync;

    @Reference(optional = true)
    PortStateStore stateStore;

    @Argument(index = 0, name = "action",
            description = "force-complete | save-state | rotate | set-timeout <seconds>; none shows the state")
    @Completion(value = StringsCompleter.class, values = {"force-complete", "save-state", "rotate", "set-timeout"})
    String action;

    @Argument(index = 1, name = "value", description = "The value of set-timeout, in seconds")
    String value;

    @Override
    public Object execute() throws Exception {
        PrintStream out = session.getConsole();
        if (action != null) {
            out.println(new WarmRestartActions(lifecycle, sync, stateStore).perform(action, value));
            return null;
        }
        WarmRestartLifecycle warm = Services.lifecycle(lifecycle);
        WarmRestartReport.summary(warm).print(out, true);
        out.println();
        WarmRestartReport.transitions(warm.transitions()).print(out, true);
        return null;
    }
}
