package net.sonic.portsyncd.shell.command;

import java.io.PrintStream;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.shell.BackupActions;
import net.sonic.portsyncd.shell.BackupsReport;
import net.sonic.portsyncd.shell.Services;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Service
@Command(scope = "portsyncd", name = "backups",
        description = "Lists the backups of the port state file; optionally removes stale or surplus ones")
public class BackupsCommand implements Action {

    @Reference
    Session session;

    @Reference(optional = true)
    PortStateStore stateStore;

    @Option(name = "--cleanup", aliases = "-c", description = "Keep only the newest <keep> backups")
    String keep;

    @Option(name = "--stale", aliases = "-s", description = "Remove backups older than the configured maximum age")
    boolean stale;

    @Override
    public Object execute() throws Exception {
        PortStateStore store = Services.stateStore(stateStore);
        PrintStream out = session.getConsole();
        new BackupActions(store).perform(keep, stale).forEach(out::println);
        BackupsReport.table(store.listBackups()).print(out, true);
        BackupsReport.leftAlone(store.refusedPaths()).forEach(out::println);
        return null;
    }
}
