package net.sonic.portsyncd.jmx.guard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import net.sonic.portsyncd.testkit.SampleCounter;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.management.KarafMBeanServerGuard;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Karaf's own guard, fed the rules of a {@code jmx.acl} PID, decides every call made for a user; nothing else is checked. */
class JmxAclCheckTest {
    private static final ObjectName NAME = name("test:type=Counter");
    private static final Map<String, String> ACL = Map.of(
            "get*", "viewer",
            "reset", "operator",
            "*", "admin");

    private static final Method CREATE = method("createMBean", String.class, ObjectName.class);
    private final MBeanServer server = newServer();
    private final JmxAclCheck check = new JmxAclCheck(guard(ACL));

    @Test
    void aViewerReadsButWritesInvokesCreatesAndUnregistersNothing() {
        Subject viewer = user("viewer", "viewer");

        assertThatCode(() -> call(viewer, method("getAttribute"), NAME, "Value")).doesNotThrowAnyException();
        assertRefused(viewer, method("setAttribute"), NAME, new Attribute("Value", 5));
        assertRefused(viewer, method("invoke"), NAME, "reset", null, null);
        assertRefused(viewer, method("unregisterMBean"), NAME);
        assertRefused(viewer, CREATE, "javax.management.timer.Timer", name("test:type=Timer"));
        assertRefused(viewer, CREATE, "javax.management.timer.Timer", null);
    }

    @Test
    void anOperatorInvokesWhatItsRoleIsGivenAndNoMore() {
        Subject operator = user("operator", "operator", "viewer");

        assertThatCode(() -> call(operator, method("invoke"), NAME, "reset", null, null)).doesNotThrowAnyException();
        assertRefused(operator, method("setAttribute"), NAME, new Attribute("Value", 5));
        assertRefused(operator, method("unregisterMBean"), NAME);
    }

    @Test
    void anAdminDoesEverythingTheRulesGiveAdmin() {
        Subject admin = user("admin", "admin", "operator", "viewer");

        assertThatCode(() -> {
            call(admin, method("setAttribute"), NAME, new Attribute("Value", 5));
            call(admin, method("unregisterMBean"), NAME);
            call(admin, CREATE, "javax.management.timer.Timer", name("test:type=Timer"));
        }).doesNotThrowAnyException();
    }

    @Test
    void theContainersOwnCallsWithoutAUserAreNotChecked() {
        assertThatCode(() -> {
            call(null, method("invoke"), NAME, "reset", null, null);
            call(null, method("unregisterMBean"), NAME);
        }).doesNotThrowAnyException();
    }

    @Test
    void aUserWithoutAnyOfTheRolesIsRefusedEvenAReadAndCallsNotNamedByTheAclPass() {
        Subject nobody = user("someone", "ssh");

        assertRefused(nobody, method("getAttribute"), NAME, "Value");
        assertThatCode(() -> call(nobody, method("getMBeanInfo"), NAME))
                .as("metadata is not an ACL matter, as on Karaf's connector").doesNotThrowAnyException();
    }

    private void assertRefused(Subject subject, Method method, Object... args) {
        assertThatThrownBy(() -> call(subject, method, args)).as("%s %s", method.getName(), args[0])
                .isInstanceOf(SecurityException.class);
    }

    /** The check as the platform MBeanServer runs it, for {@code subject} (null: the container's own call). */
    private Object call(Subject subject, Method method, Object... args) throws Throwable {
        PrivilegedExceptionAction<Object> action = () -> {
            try {
                return check.invoke(server, method, args);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
        if (subject == null) {
            return action.run();
        }
        try {
            return Subject.doAs(subject, action);
        } catch (PrivilegedActionException e) {
            throw e.getCause();
        }
    }

    private static Subject user(String name, String... roles) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(name));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    private static Method method(String name, Class<?>... types) {
        for (Method method : MBeanServer.class.getMethods()) {
            if (method.getName().equals(name) && (types.length == 0 || Arrays.equals(method.getParameterTypes(), types))) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** Karaf's guard over a Config Admin that holds one PID, {@code jmx.acl.test}. */
    private static KarafMBeanServerGuard guard(Map<String, String> rules) {
        Dictionary<String, Object> properties = new Hashtable<>(rules);
        properties.put("service.pid", "jmx.acl.test");
        Configuration configuration = (Configuration) Proxy.newProxyInstance(JmxAclCheckTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPid":
                            return "jmx.acl.test";
                        case "getProperties":
                        case "getProcessedProperties":
                            return properties;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        ConfigurationAdmin configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(
                JmxAclCheckTest.class.getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "listConfigurations":
                            return new Configuration[] {configuration};
                        case "getConfiguration":
                            return configuration;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        KarafMBeanServerGuard guard = new KarafMBeanServerGuard();
        guard.setConfigAdmin(configAdmin);
        return guard;
    }

    private static MBeanServer newServer() {
        try {
            MBeanServerBuilder builder = new MBeanServerBuilder();
            MBeanServer server = builder.newMBeanServer("test", null, builder.newMBeanServerDelegate());
            server.registerMBean(new SampleCounter(), NAME);
            return server;
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
