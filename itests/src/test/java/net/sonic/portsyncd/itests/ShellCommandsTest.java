package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The portsyncd:* commands run in the container and print what the services say. */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsTest {

    @Inject
    private SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options();
    }

    @Test
    public void statusShowsTheSyncEngine() throws Exception {
        String output = awaitCommand("portsyncd:status", "PortConfigDone");
        assertTrue(output, output.contains("COLD") || output.contains("cold"));
    }

    @Test
    public void portsListsTheHostInterfacesAsTableAndJson() throws Exception {
        InContainer.ip("tuntap", "add", "dev", "Ethernet100", "mode", "tap");
        String json = execute("portsyncd:ports --json");
        assertTrue(json, json.trim().startsWith("[") || json.trim().startsWith("{"));
        String table = execute("portsyncd:ports");
        assertTrue(table, table.toLowerCase().contains("name"));
    }

    @Test
    public void metricsWarmRestartBackupsAndResyncRun() throws Exception {
        String metrics = execute("portsyncd:metrics");
        assertTrue(metrics, metrics.contains("NetlinkReceived") || metrics.toLowerCase().contains("netlink"));
        String warm = execute("portsyncd:warm-restart");
        assertTrue(warm, warm.toLowerCase().contains("state"));
        execute("portsyncd:warm-restart save-state");
        execute("portsyncd:warm-restart rotate");
        String backups = execute("portsyncd:backups");
        assertTrue(backups, backups.contains("port_state_"));
        String resync = execute("portsyncd:resync");
        assertTrue(resync, resync.toLowerCase().contains("written") || resync.toLowerCase().contains("links"));
    }

    @Test
    public void viewerRunsReadCommandsButNotOperations() throws Exception {
        awaitCommand("portsyncd:status", "PortConfigDone");
        String status = executeAs("viewer", "portsyncd:status", "viewer", "ssh");
        assertTrue(status, status.contains("PortConfigDone"));
        String cleanup = executeAs("viewer", "portsyncd:backups --cleanup 1", "viewer", "ssh");
        assertTrue(cleanup, cleanup.contains("ERROR") || cleanup.toLowerCase().contains("insufficient"));
        String force = executeAs("viewer", "portsyncd:warm-restart force-complete", "viewer", "ssh");
        assertTrue(force, force.contains("ERROR") || force.toLowerCase().contains("insufficient"));
    }

    @Test
    public void badArgumentsGiveAClearErrorNotAStackTrace() throws Exception {
        String output = execute("portsyncd:backups --cleanup -3");
        assertTrue(output, !output.contains("Exception") && !output.contains("\tat "));
    }

    private String awaitCommand(String command, String expected) throws Exception {
        String[] last = {""};
        InContainer.until(60_000, () -> {
            last[0] = execute(command);
            return last[0].contains(expected);
        }, () -> command + " printed: " + last[0]);
        return last[0];
    }

    private String execute(String command) {
        return executeAs(TestUsers.ADMIN[0], command, "admin", "manager", "systembundles", "operator", "viewer", "ssh");
    }

    /**
     * Runs a command in a session of a logged-in user with the roles etc/users.properties gives it, as SSH or the
     * console would. Karaf caches command
     * visibility per thread, so every call gets a thread of its own, as each SSH session does.
     */
    private String executeAs(String user, String command, String... roles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        FutureTask<Object> task = new FutureTask<>(() -> Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> {
            Session session = sessionFactory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
            try {
                return session.execute(command);
            } finally {
                session.close();
            }
        }));
        Thread thread = new Thread(task, "itest-shell-" + user);
        thread.start();
        try {
            Object result = task.get(90, TimeUnit.SECONDS);
            if (result != null) {
                out.println(result);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException ? e.getCause().getCause() : e.getCause();
            out.println("ERROR: " + cause.getMessage());
        } catch (InterruptedException | TimeoutException e) {
            out.println("ERROR: " + e);
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
