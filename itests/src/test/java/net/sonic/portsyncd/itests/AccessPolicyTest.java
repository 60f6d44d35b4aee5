package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import net.sonic.portsyncd.api.Jmx;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One access policy on every path: the roles of etc/users.properties, the rules of etc/jmx.acl*.cfg and
 * etc/org.apache.karaf.command.acl.*.cfg. Each call of the table is made as viewer, operator and admin over Jolokia's
 * HTTP API and over JMX/RMI, and both must refuse it or carry it out as the table says; the shell is tried with users
 * logged in to the container's JAAS realm, as SSH logs them in; and nothing a viewer may read through any MBean holds
 * a secret planted as a system property, a configuration and a service property.
 */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class AccessPolicyTest {
    private static final String SECRET = "itest-secret-Vq7rKz2m";
    private static final String SECRET_PROPERTY = "portsyncd.itest.keystore.password";
    private static final String SECRET_PID = "net.sonic.portsyncd.itest.credentials";
    private static final String WRITTEN_PID = "net.sonic.portsyncd.itest.written";
    private static final String GUARD_BUNDLE = "portsyncd-jmx-guard";
    private static final String MEMORY = "java.lang:type=Memory";
    private static final String RUNTIME = "java.lang:type=Runtime";
    private static final String BUNDLES = "org.apache.karaf:type=bundle,name=root";
    private static final String CONFIG = "org.apache.karaf:type=config,name=root";
    private static final String SYSTEM = "org.apache.karaf:type=system,name=root";
    private static final String SCR = "org.apache.karaf:type=scr,name=root";
    private static final String STRING = String.class.getName();

    private enum Role {
        VIEWER(TestUsers.VIEWER), OPERATOR(TestUsers.OPERATOR), ADMIN(TestUsers.ADMIN);

        final String user;
        final String password;

        Role(String[] credentials) {
            user = credentials[0];
            password = credentials[1];
        }
    }

    private enum Outcome { ALLOWED, REFUSED }

    /** A JMX call over RMI. */
    private interface RmiCall {
        Object on(MBeanServerConnection server) throws Exception;
    }

    /** Puts back what an allowed call changed, so that the next role or path meets the same container. */
    private interface Undo {
        void run() throws Exception;
    }

    /** One row: the same call as a Jolokia request and over RMI, the roles that may make it. */
    private static final class Call {
        final String what;
        final String jolokia;
        final RmiCall rmi;
        final Set<Role> allowed;
        final Undo undo;

        Call(String what, String jolokia, RmiCall rmi, Set<Role> allowed, Undo undo) {
            this.what = what;
            this.jolokia = jolokia;
            this.rmi = rmi;
            this.allowed = allowed;
            this.undo = undo;
        }
    }

    private static boolean jolokiaInstalled;

    @Inject
    private FeaturesService features;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options(
                systemProperty(SECRET_PROPERTY).value(SECRET),
                editConfigurationFilePut("etc/" + SECRET_PID + ".cfg", "password", SECRET));
    }

    @Before
    public void jolokiaAndTheEngineAreUp() throws Exception {
        if (!jolokiaInstalled) {
            features.installFeature("portsyncd-jolokia", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            jolokiaInstalled = true;
        }
        String[] last = {""};
        InContainer.until(90_000, () -> jolokiaOutcome(last[0] = jolokia(Role.ADMIN, exec(Jmx.PORTS, "resync")))
                == Outcome.ALLOWED, () -> "Jolokia or the engine not up: " + last[0]);
    }

    @Test
    public void jolokiaAndRmiGiveEachRoleTheSameAnswer() throws Exception {
        Map<Role, MBeanServerConnection> rmi = new HashMap<>();
        List<JMXConnector> connectors = new ArrayList<>();
        try {
            for (Role role : Role.values()) {
                JMXConnector connector = connect(role);
                connectors.add(connector);
                rmi.put(role, connector.getMBeanServerConnection());
            }
            List<String> mismatches = new ArrayList<>();
            List<Call> table = table();
            int checked = 0;
            for (Call call : table) {
                for (Role role : Role.values()) {
                    Outcome expected = call.allowed.contains(role) ? Outcome.ALLOWED : Outcome.REFUSED;
                    Outcome overJolokia = overJolokia(role, call);
                    Outcome overRmi = overRmi(rmi.get(role), call);
                    if (overJolokia != expected || overRmi != expected) {
                        mismatches.add(String.format("%s as %s: expected %s, Jolokia %s, RMI %s", call.what,
                                role.user, expected, overJolokia, overRmi));
                    }
                    checked++;
                }
            }
            assertTrue(String.join("\n", mismatches), mismatches.isEmpty());
            assertEquals(table.size() * Role.values().length, checked);
        } finally {
            for (JMXConnector connector : connectors) {
                connector.close();
            }
        }
    }

    /** Jolokia has no request that creates or unregisters an MBean; over RMI both are admin's. */
    @Test
    public void creatingAndUnregisteringAnMBeanIsAdminsOverRmi() throws Exception {
        ObjectName timer = new ObjectName("portsyncd.itest:type=Timer");
        ObjectName alarms = new ObjectName(Jmx.ALARMS);
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            try (JMXConnector connector = connect(role)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                assertEquals("create as " + role.user, Outcome.REFUSED,
                        outcome(() -> server.createMBean("javax.management.timer.Timer", timer)));
                assertEquals("unregister as " + role.user, Outcome.REFUSED, outcome(() -> {
                    server.unregisterMBean(alarms);
                    return null;
                }));
                assertTrue("the Alarms MBean is still there", server.isRegistered(alarms));
            }
        }
        try (JMXConnector connector = connect(Role.ADMIN)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            assertEquals(Outcome.ALLOWED, outcome(() -> server.createMBean("javax.management.timer.Timer", timer)));
            assertEquals(Outcome.ALLOWED, outcome(() -> {
                server.unregisterMBean(timer);
                return null;
            }));
            assertFalse(server.isRegistered(timer));
        }
    }

    @Test
    public void theShellGivesEachRoleItsCommandsAndNoWayAround() throws Exception {
        Bundle library = library();
        String users = System.getProperty("karaf.etc") + "/users.properties";
        Path planted = Files.createTempDirectory("portsyncd-itest-").resolve("written-by-the-shell");
        Map<Role, Subject> subjects = new HashMap<>();
        for (Role role : Role.values()) {
            subjects.put(role, login(role));
        }
        String[][] table = {
            // command, the roles that may run it, the roles it is tried as (v, o, a)
            {"portsyncd:status", "voa", "voa"},
            {"portsyncd:warm-restart", "voa", "voa"},
            {"portsyncd:resync", "oa", "voa"},
            {"portsyncd:warm-restart save-state", "oa", "voa"},
            {"bundle:list", "voa", "voa"},
            {"bundle:list | grep -i portsyncd", "voa", "voa"},
            {"system:name", "voa", "voa"},
            {"shell:exec true", "a", "voa"},
            {"bundle:stop " + library.getBundleId(), "a", "voa"},
            {"config:edit " + WRITTEN_PID, "a", "voa"},
            {"config:list", "a", "voa"},
            {"log:set INFO", "a", "voa"},
            // admin may do these; they are not done here
            {"feature:repo-add file:/nonexistent/features.xml", "a", "vo"},
            {"system:name renamed-by-the-shell", "a", "vo"},
            // the ways around the command list: a file read, a file written, a method called on a session object
            {"cat " + users, "a", "voa"},
            {"grep viewer " + users, "a", "voa"},
            {"echo written > " + planted, "a", "voa"},
            {"(($.context) getBundle " + library.getBundleId() + ") stop", "a", "voa"},
        };
        List<String> mismatches = new ArrayList<>();
        for (String[] row : table) {
            for (Role role : Role.values()) {
                char letter = role.name().toLowerCase().charAt(0);
                if (row[2].indexOf(letter) < 0) {
                    continue;
                }
                Outcome expected = row[1].indexOf(letter) >= 0 ? Outcome.ALLOWED : Outcome.REFUSED;
                String[] output = {""};
                Outcome outcome = shell(subjects.get(role), row[0], output);
                if (outcome != expected) {
                    mismatches.add(row[0] + " as " + role.user + ": " + outcome + " (" + output[0].trim() + ")");
                }
                restore(library);
                Files.deleteIfExists(planted);
            }
        }
        assertTrue(String.join("\n", mismatches), mismatches.isEmpty());
    }

    @Test
    public void aViewerReadsNoSecretThroughAnyMBean() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("password", SECRET);
        ServiceRegistration<Runnable> service = bundleContext.registerService(Runnable.class, () -> { }, properties);
        try {
            // the secrets are there to be found: admin finds each of them
            try (JMXConnector connector = connect(Role.ADMIN)) {
                MBeanServerConnection admin = connector.getMBeanServerConnection();
                assertTrue(deep(admin.getAttribute(new ObjectName(RUNTIME), "SystemProperties")).contains(SECRET));
                assertEquals(SECRET, admin.invoke(new ObjectName(CONFIG), "getProperty",
                        new Object[] {SECRET_PID, "password"}, new String[] {STRING, STRING}));
                assertTrue(deep(admin.invoke(serviceState(), "listServices", null, null)).contains(SECRET));
            }
            assertTrue(jolokia(Role.ADMIN, read(RUNTIME, "SystemProperties")).contains(SECRET));

            int read = 0;
            List<String> leaks = new ArrayList<>();
            try (JMXConnector connector = connect(Role.VIEWER)) {
                MBeanServerConnection viewer = connector.getMBeanServerConnection();
                for (ObjectName name : new TreeSet<>(viewer.queryNames(null, null))) {
                    for (MBeanAttributeInfo attribute : viewer.getMBeanInfo(name).getAttributes()) {
                        if (attribute.isReadable()) {
                            String value = readableValue(() -> viewer.getAttribute(name, attribute.getName()));
                            read += value == null ? 0 : 1;
                            if (value != null && value.contains(SECRET)) {
                                leaks.add("RMI " + name + " " + attribute.getName());
                            }
                        }
                    }
                    for (MBeanOperationInfo operation : viewer.getMBeanInfo(name).getOperations()) {
                        if (operation.getSignature().length == 0 && operation.getName().matches("(get|list|is).*")) {
                            String value = readableValue(() -> viewer.invoke(name, operation.getName(), null, null));
                            if (value != null && value.contains(SECRET)) {
                                leaks.add("RMI " + name + " " + operation.getName() + "()");
                            }
                        }
                    }
                    String body = jolokia(Role.VIEWER, "{\"type\":\"read\",\"mbean\":" + json(name.toString())
                            + ",\"config\":{\"ignoreErrors\":true}}");
                    if (body.contains(SECRET)) {
                        leaks.add("Jolokia read " + name);
                    }
                }
            }
            assertTrue("a viewer read a secret through " + leaks, leaks.isEmpty());
            assertTrue("attributes a viewer read: " + read, read >= 100);
        } finally {
            service.unregister();
        }
    }

    /** Jolokia answers nobody while the JMX ACL is not applied on the platform MBeanServer. */
    @Test
    public void jolokiaIsClosedWhileTheAclIsNotApplied() throws Exception {
        Bundle guard = Arrays.stream(bundleContext.getBundles()).filter(b -> GUARD_BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + GUARD_BUNDLE));
        String readHeap = read(MEMORY, "HeapMemoryUsage");
        assertEquals(Outcome.ALLOWED, jolokiaOutcome(jolokia(Role.ADMIN, readHeap)));
        guard.stop();
        try {
            for (Role role : Role.values()) {
                String body = jolokia(role, readHeap);
                assertEquals(role.user + ": " + body, Outcome.REFUSED, jolokiaOutcome(body));
            }
            assertEquals(Outcome.REFUSED, jolokiaOutcome(jolokia(Role.ADMIN, exec(MEMORY, "gc"))));
        } finally {
            guard.start();
        }
        String[] last = {""};
        InContainer.until(30_000, () -> jolokiaOutcome(last[0] = jolokia(Role.VIEWER, readHeap)) == Outcome.ALLOWED,
                () -> "Jolokia did not open again: " + last[0]);
        assertEquals(Outcome.REFUSED, jolokiaOutcome(jolokia(Role.VIEWER, exec(MEMORY, "gc"))));
    }

    /** Every command scope has its ACL, whose last rule keeps the commands it does not list for admin. */
    @Test
    public void everyCommandScopeHasAnAclThatKeepsUnlistedCommandsForAdmin() throws Exception {
        String[] commands = {""};
        assertEquals(Outcome.ALLOWED, shell(login(Role.ADMIN), "each ($.commands) { echo $it }", commands));
        Set<String> scopes = Arrays.stream(commands[0].split("\\s+")).filter(command -> command.contains(":"))
                .map(command -> command.substring(0, command.indexOf(':')))
                .filter(scope -> !scope.equals("*")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(scopes.toString(), scopes.containsAll(List.of("portsyncd", "shell", "bundle", "config", "http")));
        List<String> open = new ArrayList<>();
        for (String scope : scopes) {
            org.osgi.service.cm.Configuration[] acl = configurationAdmin.listConfigurations(
                    "(service.pid=org.apache.karaf.command.acl." + scope + ")");
            Object catchAll = acl == null ? null : acl[0].getProperties().get("*");
            if (!"admin".equals(catchAll)) {
                open.add(scope + " (* = " + catchAll + ")");
            }
        }
        assertTrue("scopes whose unlisted commands are open: " + open, open.isEmpty());
    }

    private List<Call> table() throws Exception {
        Set<Role> all = EnumSet.allOf(Role.class);
        Set<Role> operator = EnumSet.of(Role.OPERATOR, Role.ADMIN);
        Set<Role> admin = EnumSet.of(Role.ADMIN);
        Bundle library = library();
        String id = Long.toString(library.getBundleId());
        ObjectName framework = osgi("osgi.core:type=framework,*");
        ObjectName cm = osgi("osgi.compendium:service=cm,*");
        long timeout = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(Jmx.WARM_RESTART),
                "EoiuTimeoutSeconds");
        Undo none = () -> { };
        Undo restart = () -> restore(library);
        return List.of(
                // portsyncd: viewer reads, operator operates
                new Call("read Metrics NetlinkReceivedCount", read(Jmx.METRICS, "NetlinkReceivedCount"),
                        s -> s.getAttribute(new ObjectName(Jmx.METRICS), "NetlinkReceivedCount"), all, none),
                new Call("exec WarmRestart listBackups", exec(Jmx.WARM_RESTART, "listBackups"),
                        s -> s.invoke(new ObjectName(Jmx.WARM_RESTART), "listBackups", null, null), all, none),
                new Call("write WarmRestart EoiuTimeoutSeconds", write(Jmx.WARM_RESTART, "EoiuTimeoutSeconds",
                        Long.toString(timeout)), s -> {
                            s.setAttribute(new ObjectName(Jmx.WARM_RESTART),
                                    new javax.management.Attribute("EoiuTimeoutSeconds", timeout));
                            return null;
                        }, operator, none),
                new Call("exec WarmRestart saveState", exec(Jmx.WARM_RESTART, "saveState"),
                        s -> s.invoke(new ObjectName(Jmx.WARM_RESTART), "saveState", null, null), operator, none),
                new Call("exec Ports resync", exec(Jmx.PORTS, "resync"),
                        s -> s.invoke(new ObjectName(Jmx.PORTS), "resync", null, null), operator, none),
                new Call("exec Metrics resetMetrics", exec(Jmx.METRICS, "resetMetrics"),
                        s -> s.invoke(new ObjectName(Jmx.METRICS), "resetMetrics", null, null), operator, none),
                // Karaf's bundle and config MBeans
                new Call("read bundle Bundles", read(BUNDLES, "Bundles"),
                        s -> s.getAttribute(new ObjectName(BUNDLES), "Bundles"), all, none),
                new Call("exec bundle stop", exec(BUNDLES, "stop(java.lang.String)", json(id)),
                        s -> s.invoke(new ObjectName(BUNDLES), "stop", new Object[] {id}, new String[] {STRING}),
                        admin, restart),
                new Call("exec config getProperty", exec(CONFIG, "getProperty(java.lang.String,java.lang.String)",
                        json(SECRET_PID), json("password")),
                        s -> s.invoke(new ObjectName(CONFIG), "getProperty", new Object[] {SECRET_PID, "password"},
                                new String[] {STRING, STRING}), admin, none),
                new Call("exec config setProperty", exec(CONFIG,
                        "setProperty(java.lang.String,java.lang.String,java.lang.String)", json(WRITTEN_PID),
                        json("written"), json("yes")),
                        s -> s.invoke(new ObjectName(CONFIG), "setProperty", new Object[] {WRITTEN_PID, "written",
                                "yes"}, new String[] {STRING, STRING, STRING}), admin, none),
                new Call("read system Name", read(SYSTEM, "Name"),
                        s -> s.getAttribute(new ObjectName(SYSTEM), "Name"), all, none),
                new Call("exec system getProperty", exec(SYSTEM, "getProperty", json(SECRET_PROPERTY)),
                        s -> s.invoke(new ObjectName(SYSTEM), "getProperty", new Object[] {SECRET_PROPERTY},
                                new String[] {STRING}), admin, none),
                new Call("read scr ComponentConfigs", read(SCR, "ComponentConfigs"),
                        s -> s.getAttribute(new ObjectName(SCR), "ComponentConfigs"), admin, none),
                // java.lang
                new Call("read Memory HeapMemoryUsage", read(MEMORY, "HeapMemoryUsage"),
                        s -> s.getAttribute(new ObjectName(MEMORY), "HeapMemoryUsage"), all, none),
                new Call("exec Memory gc", exec(MEMORY, "gc"),
                        s -> s.invoke(new ObjectName(MEMORY), "gc", null, null), admin, none),
                new Call("read Runtime Uptime", read(RUNTIME, "Uptime"),
                        s -> s.getAttribute(new ObjectName(RUNTIME), "Uptime"), all, none),
                new Call("read Runtime SystemProperties", read(RUNTIME, "SystemProperties"),
                        s -> s.getAttribute(new ObjectName(RUNTIME), "SystemProperties"), admin, none),
                new Call("read Runtime InputArguments", read(RUNTIME, "InputArguments"),
                        s -> s.getAttribute(new ObjectName(RUNTIME), "InputArguments"), admin, none),
                // OSGi
                new Call("read framework FrameworkStartLevel", read(framework.toString(), "FrameworkStartLevel"),
                        s -> s.getAttribute(framework, "FrameworkStartLevel"), all, none),
                new Call("exec framework stopBundle", exec(framework.toString(), "stopBundle(long)", id),
                        s -> s.invoke(framework, "stopBundle", new Object[] {library.getBundleId()},
                                new String[] {"long"}), admin, restart),
                new Call("exec framework getProperty", exec(framework.toString(), "getProperty", json("karaf.name")),
                        s -> s.invoke(framework, "getProperty", new Object[] {"karaf.name"}, new String[] {STRING}),
                        admin, none),
                new Call("exec cm getProperties", exec(cm.toString(), "getProperties", json(SECRET_PID)),
                        s -> s.invoke(cm, "getProperties", new Object[] {SECRET_PID}, new String[] {STRING}),
                        admin, none),
                new Call("exec serviceState listServices", exec(serviceState().toString(), "listServices()"),
                        s -> s.invoke(serviceState(), "listServices", null, null), admin, none));
    }

    private Outcome overJolokia(Role role, Call call) throws Exception {
        String body = jolokia(role, call.jolokia);
        Outcome outcome = jolokiaOutcome(body);
        if (outcome == null) {
            fail(call.what + " as " + role.user + " over Jolokia neither refused nor carried out: " + body);
        }
        if (outcome == Outcome.ALLOWED) {
            call.undo.run();
        }
        return outcome;
    }

    private Outcome overRmi(MBeanServerConnection server, Call call) throws Exception {
        Outcome outcome = outcome(() -> call.rmi.on(server));
        if (outcome == Outcome.ALLOWED) {
            call.undo.run();
        }
        return outcome;
    }

    /** REFUSED for a SecurityException, ALLOWED when the call returned; anything else fails the test. */
    private static Outcome outcome(Attempt call) throws Exception {
        try {
            call.run();
            return Outcome.ALLOWED;
        } catch (SecurityException refused) {
            return Outcome.REFUSED;
        }
    }

    /** A call whose SecurityException means the policy refused it. */
    private interface Attempt {
        Object run() throws Exception;
    }

    /** ALLOWED for status 200, REFUSED for Jolokia's 403 (the ACL's or the gate's), null for anything else. */
    private static Outcome jolokiaOutcome(String body) {
        if (body.contains("\"status\":403")) {
            return Outcome.REFUSED;
        }
        return body.contains("\"error_type\"") || !body.contains("\"status\":200") ? null : Outcome.ALLOWED;
    }

    /** A readable value as text, null when the viewer is refused it. */
    private static String readableValue(Attempt read) throws Exception {
        try {
            return deep(read.run());
        } catch (SecurityException refused) {
            return null;
        } catch (javax.management.JMException | javax.management.JMRuntimeException | java.rmi.UnmarshalException
                notReadableHere) {
            return ""; // not supported by this JVM, not in this state, or not serializable: nothing to leak
        }
    }

    private static String deep(Object value) {
        if (value instanceof Object[]) {
            return Arrays.deepToString((Object[]) value);
        }
        if (value instanceof CompositeData) {
            CompositeData data = (CompositeData) value;
            return data.getCompositeType().keySet().stream().map(key -> key + "=" + deep(data.get(key)))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof javax.management.openmbean.TabularData) {
            return ((javax.management.openmbean.TabularData) value).values().stream().map(AccessPolicyTest::deep)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** Runs {@code command} in a shell session of {@code user}, as SSH does; whether it ran or was refused. */
    private Outcome shell(Subject user, String command, String[] output) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FutureTask<Object> task = new FutureTask<>(() -> Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> {
            Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                return session.execute(command);
            } finally {
                session.close();
            }
        }));
        // Karaf caches which commands a thread may see: a thread per command, as SSH has one per session
        Thread thread = new Thread(task, "itest-shell");
        thread.start();
        try {
            task.get(90, TimeUnit.SECONDS);
            output[0] = bytes.toString(StandardCharsets.UTF_8);
            return Outcome.ALLOWED;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException ? e.getCause().getCause() : e.getCause();
            output[0] = bytes.toString(StandardCharsets.UTF_8) + cause;
            String message = String.valueOf(cause);
            if (message.contains("Insufficient credentials") || message.contains("CommandNotFoundException")) {
                return Outcome.REFUSED;
            }
            throw new AssertionError(command + " failed otherwise: " + output[0], cause);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(command + " did not end", e);
        }
    }

    /** The user's subject as the container's JAAS realm gives it at login (SSH, JMX and Jolokia log in the same way). */
    private static Subject login(Role role) throws LoginException {
        LoginContext context = new LoginContext("karaf", callbacks -> {
            for (javax.security.auth.callback.Callback callback : callbacks) {
                if (callback instanceof NameCallback) {
                    ((NameCallback) callback).setName(role.user);
                } else if (callback instanceof PasswordCallback) {
                    ((PasswordCallback) callback).setPassword(role.password.toCharArray());
                }
            }
        });
        context.login();
        return context.getSubject();
    }

    /** A library bundle that nothing needs started: the bundle the calls stop and that is started again after. */
    private Bundle library() {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> "HdrHistogram".equals(b.getSymbolicName())
                || "org.hdrhistogram.HdrHistogram".equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no HdrHistogram bundle"));
    }

    private static void restore(Bundle bundle) throws Exception {
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
    }

    private static ObjectName osgi(String pattern) throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(pattern), null);
        assertEquals(pattern + ": " + names, 1, names.size());
        return names.iterator().next();
    }

    private static ObjectName serviceState() throws Exception {
        return osgi("osgi.core:type=serviceState,*");
    }

    private JMXConnector connect(Role role) throws IOException {
        return JMXConnectorFactory.connect(InContainer.jmxServiceUrl(configurationAdmin),
                Map.of(JMXConnector.CREDENTIALS, new String[] {role.user, role.password}));
    }

    private static String read(String mbean, String attribute) {
        return "{\"type\":\"read\",\"mbean\":" + json(mbean) + ",\"attribute\":" + json(attribute) + "}";
    }

    private static String write(String mbean, String attribute, String value) {
        return "{\"type\":\"write\",\"mbean\":" + json(mbean) + ",\"attribute\":" + json(attribute) + ",\"value\":"
                + value + "}";
    }

    /** An exec request; {@code arguments} are JSON values. */
    private static String exec(String mbean, String operation, String... arguments) {
        return "{\"type\":\"exec\",\"mbean\":" + json(mbean) + ",\"operation\":" + json(operation) + ",\"arguments\":["
                + String.join(",", arguments) + "]}";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** POSTs one Jolokia request as {@code role}; the JSON answer (or the transport failure as text). */
    private static String jolokia(Role role, String request) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + InContainer.httpPort()
                    + "/jolokia/").openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            String token = role.user + ":" + role.password;
            connection.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
            connection.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            int code = connection.getResponseCode();
            java.io.InputStream stream = code < 400 ? connection.getInputStream() : connection.getErrorStream();
            String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return code == 200 ? body : "HTTP " + code + " " + body;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
