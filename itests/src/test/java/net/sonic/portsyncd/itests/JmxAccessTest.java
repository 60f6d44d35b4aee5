package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.sonic.portsyncd.api.Jmx;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Remote JMX against the running assembly, as jconsole or an NMS would connect: credentials are required, the
 * viewer role reads every attribute of our MBeans and invokes nothing, the admin role invokes every operation.
 */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class JmxAccessTest {
    private static final List<String> OUR_MBEANS = List.of(Jmx.METRICS, Jmx.WARM_RESTART, Jmx.PORTS, Jmx.ALARMS);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options();
    }

    @Test
    public void connectionWithoutCredentialsIsRefused() throws Exception {
        try (JMXConnector ignored = JMXConnectorFactory.connect(serviceUrl(), new HashMap<>())) {
            fail("a JMX connection without credentials was accepted");
        } catch (SecurityException | IllegalArgumentException expected) {
            // Karaf's JAAS authenticator refuses a missing credentials array before it looks for a user
            assertTrue(expected.getMessage(), expected.getMessage() != null);
        }
        try (JMXConnector ignored = connect("viewer", "wrong-password")) {
            fail("a JMX connection with a wrong password was accepted");
        } catch (SecurityException expected) {
            // the JAAS realm refused it
        }
    }

    @Test
    public void viewerReadsEveryAttributeAndInvokesOnlyWhatReads() throws Exception {
        try (JMXConnector connector = connect(TestUsers.VIEWER[0], TestUsers.VIEWER[1])) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            awaitOurMBeans(server);
            int attributesRead = 0;
            for (String name : OUR_MBEANS) {
                ObjectName objectName = new ObjectName(name);
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(objectName).getAttributes()) {
                    if (attribute.isReadable()) {
                        server.getAttribute(objectName, attribute.getName());
                        attributesRead++;
                    }
                }
                for (MBeanOperationInfo operation : server.getMBeanInfo(objectName).getOperations()) {
                    if (operation.getImpact() == MBeanOperationInfo.INFO) {
                        // reads only (listBackups), as the viewer's portsyncd:backups does in the shell
                        server.invoke(objectName, operation.getName(), sampleArguments(operation), signature(operation));
                        continue;
                    }
                    try {
                        server.invoke(objectName, operation.getName(), sampleArguments(operation), signature(operation));
                        fail("viewer invoked " + name + " " + operation.getName());
                    } catch (SecurityException expected) {
                        // RBAC: operations that change anything are for operator
                    }
                }
            }
            assertTrue("attributes read: " + attributesRead, attributesRead >= 20);
        }
    }

    @Test
    public void adminInvokesEveryOperationWithEffect() throws Exception {
        try (JMXConnector connector = connect(TestUsers.ADMIN[0], TestUsers.ADMIN[1])) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            awaitOurMBeans(server);
            ObjectName warm = new ObjectName(Jmx.WARM_RESTART);
            ObjectName metrics = new ObjectName(Jmx.METRICS);
            ObjectName ports = new ObjectName(Jmx.PORTS);

            server.setAttribute(warm, new javax.management.Attribute("EoiuTimeoutSeconds", 17L));
            assertEquals(17L, server.getAttribute(warm, "EoiuTimeoutSeconds"));

            // saveState needs the engine past its start-up, which may still be running when the MBeans appear
            InContainer.until(60_000, () -> {
                try {
                    return Boolean.TRUE.equals(server.invoke(warm, "saveState", null, null));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, () -> "saveState never succeeded");
            String backup = (String) server.invoke(warm, "rotateStateFile", null, null);
            assertNotNull(backup);
            TabularData backups = (TabularData) server.invoke(warm, "listBackups", null, null);
            assertFalse("a backup is listed after rotateStateFile", backups.isEmpty());
            int removed = (Integer) server.invoke(warm, "cleanupBackups", new Object[] {0}, new String[] {"int"});
            assertEquals(backups.size(), removed);
            assertTrue(((TabularData) server.invoke(warm, "listBackups", null, null)).isEmpty());
            assertTrue((Integer) server.invoke(warm, "cleanupStaleFiles", null, null) >= 0);
            server.invoke(warm, "forceCompleteInitialSync", null, null);
            assertEquals("InitialSyncComplete", normalise(server.getAttribute(warm, "State")));
            try {
                server.invoke(warm, "cleanupBackups", new Object[] {-1}, new String[] {"int"});
                fail("a negative keep was accepted");
            } catch (Exception expected) {
                assertTrue(String.valueOf(expected), rootMessage(expected).contains("keep"));
            }

            CompositeData resync = (CompositeData) server.invoke(ports, "resync", null, null);
            assertTrue((Integer) resync.get("linksSeen") >= 1);

            server.invoke(metrics, "resetMetrics", null, null);
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(metrics).getAttributes()) {
                if (attribute.getName().endsWith("Count") && attribute.getType().equals("long")) {
                    long value = (Long) server.getAttribute(metrics, attribute.getName());
                    assertTrue(attribute.getName() + " after reset: " + value, value < 1_000);
                }
            }
        }
    }

    private static String normalise(Object state) {
        return String.valueOf(state).replace("_", "").replace(" ", "").toLowerCase()
                .equals("initialsynccomplete") ? "InitialSyncComplete" : String.valueOf(state);
    }

    private static String rootMessage(Throwable t) {
        Throwable cause = t;
        StringBuilder messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getMessage()).append(" | ");
            cause = cause.getCause();
        }
        return messages.toString();
    }

    private static void awaitOurMBeans(MBeanServerConnection server) throws Exception {
        InContainer.until(60_000, () -> {
            try {
                Set<ObjectName> names = server.queryNames(new ObjectName(Jmx.DOMAIN + ":*"), null);
                List<String> present = new ArrayList<>();
                names.forEach(n -> present.add(n.getCanonicalName()));
                return OUR_MBEANS.stream().allMatch(n -> {
                    try {
                        return present.contains(new ObjectName(n).getCanonicalName());
                    } catch (Exception e) {
                        return false;
                    }
                });
            } catch (IOException | javax.management.MalformedObjectNameException e) {
                return false;
            }
        }, () -> "our MBeans are not all registered");
    }

    private static Object[] sampleArguments(MBeanOperationInfo operation) {
        MBeanParameterInfo[] parameters = operation.getSignature();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            switch (parameters[i].getType()) {
                case "int":
                case "java.lang.Integer":
                    arguments[i] = 5;
                    break;
                case "long":
                case "java.lang.Long":
                    arguments[i] = 5L;
                    break;
                case "boolean":
                    arguments[i] = false;
                    break;
                default:
                    arguments[i] = "x";
            }
        }
        return arguments;
    }

    private static String[] signature(MBeanOperationInfo operation) {
        MBeanParameterInfo[] parameters = operation.getSignature();
        String[] types = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            types[i] = parameters[i].getType();
        }
        return types;
    }

    private JMXConnector connect(String user, String password) throws IOException {
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        return JMXConnectorFactory.connect(serviceUrl(), environment);
    }

    private JMXServiceURL serviceUrl() throws IOException {
        return InContainer.jmxServiceUrl(configurationAdmin);
    }
}
