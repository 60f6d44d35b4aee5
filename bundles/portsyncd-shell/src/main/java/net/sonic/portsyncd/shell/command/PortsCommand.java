package net.sonic.portsyncd.shell.command;

import java.util.List;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.shell.PortsReport;
import net.sonic.portsyncd.shell.Services;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Service
@Command(scope = "portsyncd", name = "ports", description = "Lists the ports as the sync engine last saw them in the kernel")
public class PortsCommand implements Action {

    @Reference
    Session session;

    @Reference(optional = true)
    PortSyncService sync;

    @Argument(index = 0, name = "ports", description = "Port names (default: every port)", multiValued = true)
    @Completion(PortNameCompleter.class)
    List<String> names;

    @Option(name = "--json", aliases = "-j", description = "Print a JSON array instead of a table")
    boolean json;

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    public Object execute() throws Exception {
        List<PortView> ports = PortsReport.select(Services.sync(sync).ports(), names);
        if (json) {
            session.getConsole().println(PortsReport.json(ports));
        } else {
            PortsReport.table(ports).print(session.getConsole(), !noFormat);
        }
        return null;
    }
}
