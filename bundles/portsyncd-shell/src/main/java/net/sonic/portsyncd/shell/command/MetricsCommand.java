package net.sonic.portsyncd.shell.command;

import java.io.PrintStream;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.shell.MetricsReport;
import net.sonic.portsyncd.shell.Services;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Service
@Command(scope = "portsyncd", name = "metrics", description = "Shows every counter, event time and latency histogram")
public class MetricsCommand implements Action {

    @Reference
    Session session;

    @Reference(optional = true)
    MetricsReader metrics;

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    public Object execute() throws Exception {
        MetricsSnapshot snapshot = Services.metrics(metrics).snapshot();
        PrintStream out = session.getConsole();
        MetricsReport.values(snapshot).print(out, !noFormat);
        out.println();
        MetricsReport.histograms(snapshot).print(out, !noFormat);
        return null;
    }
}
