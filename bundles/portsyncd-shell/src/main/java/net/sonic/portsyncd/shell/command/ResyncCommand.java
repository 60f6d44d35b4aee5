package net.sonic.portsyncd.shell.command;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.shell.ResyncReport;
import net.sonic.portsyncd.shell.Services;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "portsyncd", name = "resync",
        description = "Re-dumps the kernel's links and makes STATE_DB equal to them")
public class ResyncCommand implements Action {
    /** A dump of a few hundred links takes well under a second; this only bounds a stuck Redis. */
    private static final long WAIT_SECONDS = 60;

    @Reference
    Session session;

    @Reference(optional = true)
    PortSyncService sync;

    @Override
    public Object execute() throws Exception {
        ResyncResult result;
        try {
            result = Services.sync(sync).resync().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CommandException("Resync failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new CommandException("Resync did not finish within " + WAIT_SECONDS + " s; it continues in the background");
        }
        ResyncReport.table(result).print(session.getConsole(), true);
        return null;
    }
}
