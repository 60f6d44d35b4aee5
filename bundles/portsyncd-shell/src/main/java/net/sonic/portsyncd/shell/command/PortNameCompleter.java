package net.sonic.portsyncd.shell.command;

import java.util.List;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the ports the sync engine knows. */
@Service
public class PortNameCompleter implements Completer {

    @Reference(optional = true)
    PortSyncService sync;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = sync == null ? List.of() : sync.ports().stream().map(PortView::name).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
