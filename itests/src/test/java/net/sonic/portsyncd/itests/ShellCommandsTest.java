package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.osgi.service.cm.ConfigurationAdmin;

/** The portsyncd:* commands run in the container and print what the services say. */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsTest {

    private static final String REFUSED = "ERROR: Insufficient credentials";
    private static final Pattern BACKUP_CREATED =
            Pattern.compile("Backup created: (port_state_\\d+-\\d+\\.json) \\((\\d+) bytes\\)");

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options();
    }

    @Test
    public void statusShowsTheSyncEngine() throws Exception {
        String output = awaitCommand("portsyncd:status", "PortConfigDone");
        assertEquals(output, "COLD", value(output, "Mode"));
    }

    @Test
    public void portsListsTheHostInterfacesAsTableAndJson() throws Exception {
        InContainer.ip("tuntap", "add", "dev", "Ethernet100", "mode", "tap");
        String json = execute("portsyncd:ports --json").trim();
        assertTrue(json, json.startsWith("[") && json.endsWith("]"));
        String table = execute("portsyncd:ports");
        assertTrue(table, table.lines().anyMatch(line -> line.trim().startsWith("name ")));
    }

    @Test
    public void metricsWarmRestartBackupsAndResyncRun() throws Exception {
        String metrics = execute("portsyncd:metrics");
        assertTrue(metrics, metrics.contains("NetlinkReceivedCount"));
        String warm = execute("portsyncd:warm-restart");
        assertTrue(warm, warm.toLowerCase().contains("state"));

        Path stateDir = Path.of((String) configurationAdmin.getConfiguration("net.sonic.portsyncd.persistence", null)
                .getProperties().get("state.dir"));
        Path live = stateDir.resolve("port_state.json");
        Files.deleteIfExists(live);
        assertEquals("Port state saved", execute("portsyncd:warm-restart save-state").trim());
        assertTrue("save-state wrote no " + live, Files.isRegularFile(live) && Files.size(live) > 0);

        String rotated = execute("portsyncd:warm-restart rotate").trim();
        Matcher created = BACKUP_CREATED.matcher(rotated);
        assertTrue(rotated, created.matches());
        Path backup = stateDir.resolve("backups").resolve(created.group(1));
        assertTrue("rotate reported " + backup + " but it is not there", Files.isRegularFile(backup));
        assertEquals(rotated, Long.parseLong(created.group(2)), Files.size(backup));

        String backups = execute("portsyncd:backups");
        assertTrue(backups, backups.contains(created.group(1)));
        String resync = execute("portsyncd:resync");
        assertTrue(resync, value(resync, "Links seen").matches("\\d+"));
        assertTrue(resync, value(resync, "Rows written").matches("\\d+"));
    }

    @Test
    public void viewerRunsReadCommandsButNotOperations() throws Exception {
        awaitCommand("portsyncd:status", "PortConfigDone");
        String status = executeAs("viewer", "portsyncd:status", "viewer", "ssh");
        assertTrue(status, status.contains("PortConfigDone"));
        String cleanup = executeAs("viewer", "portsyncd:backups --cleanup 1", "viewer", "ssh");
        assertTrue(cleanup, cleanup.startsWith(REFUSED));
        String force = executeAs("viewer", "portsyncd:warm-restart force-complete", "viewer", "ssh");
        assertTrue(force, force.startsWith(REFUSED));
    }

    @Test
    public void badArgumentsGiveAClearErrorNotAStackTrace() throws Exception {
        String count = "expects a whole number from 0 to " + Integer.MAX_VALUE;
        assertClearError("portsyncd:backups --cleanup -3", "--cleanup " + count + ", got '-3'");
        assertClearError("portsyncd:backups --cleanup many", "--cleanup " + count + ", got 'many'");
        assertClearError("portsyncd:warm-restart set-timeout 99999",
                "set-timeout expects a whole number from 0 to 3600, got '99999'");
        assertClearError("portsyncd:warm-restart set-timeout", "set-timeout needs a value, e.g. set-timeout 30");
        assertClearError("portsyncd:warm-restart rotate now", "rotate takes no value, got 'now'");
        assertClearError("portsyncd:warm-restart reboot", "Unknown action 'reboot'; expected one of: "
                + "force-complete, save-state, rotate, set-timeout <seconds>");
        assertClearError("portsyncd:ports Ethernet9999", "Unknown port(s): Ethernet9999");
    }

    private void assertClearError(String command, String message) {
        String output = execute(command);
        assertEquals(command, "ERROR: " + message, output.trim());
        assertFalse(output, output.contains("Exception") || output.contains("\tat "));
    }

    /** The value of a row of a name/value table, as {@link String#trim() trimmed} text. */
    private static String value(String table, String name) {
        return table.lines().map(String::trim).filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length()).replace("│", "").replace("|", "").trim())
                .findFirst().orElseThrow(() -> new AssertionError("no row " + name + " in:\n" + table));
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
