package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.sonic.portsyncd.api.Jmx;

/**
 * A container operated as an operator does it, over remote JMX as the admin user: Karaf's bundle and config
 * MBeans for the operations, ours for what portsyncd says. Outer JVM only.
 */
final class ContainerJmx implements AutoCloseable {
    private static final String BUNDLES = "org.apache.karaf:type=bundle,name=root";
    private static final String CONFIG = "org.apache.karaf:type=config,name=root";

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private ContainerJmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static ContainerJmx connect(String serviceUrl) throws IOException {
        return new ContainerJmx(JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl),
                Map.of(JMXConnector.CREDENTIALS, TestUsers.ADMIN)));
    }

    /** Symbolic name and state ("Active", "Resolved", ...) of every portsyncd bundle, by bundle id. */
    Map<Long, String[]> ourBundles() throws Exception {
        Map<Long, String[]> bundles = new java.util.TreeMap<>();
        for (Object row : ((TabularData) server.getAttribute(new ObjectName(BUNDLES), "Bundles")).values()) {
            CompositeData bundle = (CompositeData) row;
            String name = String.valueOf(bundle.get("Symbolic Name"));
            if (name.startsWith("portsyncd-")) {
                bundles.put((Long) bundle.get("ID"), new String[] {name, String.valueOf(bundle.get("State"))});
            }
        }
        return bundles;
    }

    long bundleId(String symbolicName) throws Exception {
        return ourBundles().entrySet().stream().filter(e -> e.getValue()[0].equals(symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName)).getKey();
    }

    /** {@code bundle:update <id>} without a refresh, as {@code BundlesMBean.update(id)} does it. */
    void update(long id) throws Exception {
        bundleOperation("update", id);
    }

    void refresh(long id) throws Exception {
        bundleOperation("refresh", id);
    }

    void restart(long id) throws Exception {
        bundleOperation("restart", id);
    }

    void stop(long id) throws Exception {
        bundleOperation("stop", id);
    }

    void start(long id) throws Exception {
        bundleOperation("start", id);
    }

    private void bundleOperation(String operation, long id) throws Exception {
        server.invoke(new ObjectName(BUNDLES), operation, new Object[] {Long.toString(id)},
                new String[] {String.class.getName()});
    }

    /** {@code config:property-set -p pid key value}. */
    void setConfig(String pid, String key, String value) throws Exception {
        server.invoke(new ObjectName(CONFIG), "setProperty", new Object[] {pid, key, value},
                new String[] {String.class.getName(), String.class.getName(), String.class.getName()});
    }

    /** {@code type=Ports} Status, null while the MBean is not registered (its bundle restarting). */
    CompositeData syncStatus() throws Exception {
        return (CompositeData) attribute(Jmx.PORTS, "Status");
    }

    /** {@code type=WarmRestart} State, null while not registered. */
    String lifecycleState() throws Exception {
        Object state = attribute(Jmx.WARM_RESTART, "State");
        return state == null ? null : state.toString();
    }

    /** {@code type=WarmRestart} Mode and Reason of the engine's last start ("WARM: resume: ..."), null while not registered. */
    String lastStart() throws Exception {
        Object mode = attribute(Jmx.WARM_RESTART, "Mode");
        return mode == null ? null : mode + ": " + attribute(Jmx.WARM_RESTART, "Reason");
    }

    /** A {@code type=Metrics} counter, -1 while not registered. */
    long counter(String attribute) throws Exception {
        Object value = attribute(Jmx.METRICS, attribute);
        return value == null ? -1 : (Long) value;
    }

    /** The notification types of the active alarms, empty while the Alarms MBean is not registered. */
    List<String> activeAlarms() throws Exception {
        Object table = attribute(Jmx.ALARMS, "ActiveAlarms");
        List<String> types = new ArrayList<>();
        if (table != null) {
            for (Object row : ((TabularData) table).values()) {
                CompositeData alarm = (CompositeData) row;
                types.add(alarm.get("type") + " " + alarm.get("severity") + " " + alarm.get("text"));
            }
        }
        return types;
    }

    /** Receives every notification of {@code type=Alarms} from now on, until that MBean is unregistered. */
    List<Notification> listenToAlarms() throws Exception {
        List<Notification> received = new CopyOnWriteArrayList<>();
        server.addNotificationListener(new ObjectName(Jmx.ALARMS), (notification, handback) -> received.add(notification),
                null, null);
        return received;
    }

    private Object attribute(String mbean, String attribute) throws Exception {
        try {
            return server.getAttribute(new ObjectName(mbean), attribute);
        } catch (InstanceNotFoundException restarting) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
