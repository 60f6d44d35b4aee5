package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Collection;
import java.util.Dictionary;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.relation.MBeanServerNotificationFilter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Karaf's own JMX connector closed while remote access is on. That connector (etc/org.apache.karaf.management.cfg)
 * speaks plain text, its registry cannot do TLS, and the host its stubs name is JVM-wide: it cannot serve beside the
 * TLS connector. Karaf always opens it when its management bundle starts or is reconfigured; this stops it (through
 * its {@code connector:name=rmi} MBean, once it has started, so that its start does not fail) and then closes the
 * RMI registries that bundle created. Each time Karaf opens them again they are closed again. Turning remote access
 * off has Karaf reopen its connector ({@link #reopen}).
 */
final class KarafJmxHold implements AutoCloseable {
    static final String MANAGEMENT_PID = "org.apache.karaf.management";
    private static final String MANAGEMENT_BUNDLE = "org.apache.karaf.management.server";
    private static final String REGISTRY_FILTER = "(objectClass=" + Registry.class.getName() + ")";
    private static final long STARTING_CONNECTOR_WAIT_MILLIS = 30_000;
    private static final long RETRY_MILLIS = 100;
    /** Karaf registers its connector MBean right after it creates the registry: let it do so first. */
    private static final long REGISTRY_SETTLE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(KarafJmxHold.class);

    private final BundleContext context;
    private final MBeanServer server;
    private final ObjectName connector;
    private final ScheduledExecutorService executor;
    private final ServiceListener registries = this::registryEvent;
    private final NotificationListener registrations = this::registrationEvent;
    private volatile boolean holding = true;

    private KarafJmxHold(BundleContext context, MBeanServer server, ObjectName connector,
            ScheduledExecutorService executor) {
        this.context = context;
        this.server = server;
        this.connector = connector;
        this.executor = executor;
    }

    /** Closes Karaf's connector now (on {@code executor}) and whenever Karaf opens it again, until {@link #close}. */
    static KarafJmxHold hold(BundleContext context, MBeanServer server, ConfigurationAdmin configurations,
            ScheduledExecutorService executor) throws RemoteAccessException {
        KarafJmxHold hold = new KarafJmxHold(context, server, connectorName(configurations), executor);
        try {
            context.addServiceListener(hold.registries, REGISTRY_FILTER);
            MBeanServerNotificationFilter filter = new MBeanServerNotificationFilter();
            filter.disableAllObjectNames();
            filter.enableObjectName(hold.connector);
            server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, hold.registrations, filter, null);
        } catch (InvalidSyntaxException | InstanceNotFoundException e) {
            hold.close();
            throw new IllegalStateException("cannot watch Karaf's JMX connector", e);
        }
        long giveUpAt = System.currentTimeMillis() + STARTING_CONNECTOR_WAIT_MILLIS;
        executor.execute(() -> closeKarafConnector(hold, giveUpAt));
        return hold;
    }

    /**
     * Has Karaf open its own connector again (by re-applying its configuration) unless it is open; for when remote
     * access is off. The JVM-wide RMI host name goes back to Karaf's {@code rmiServerHost}.
     */
    static void reopen(MBeanServer server, ConfigurationAdmin configurations) {
        try {
            Configuration management = configurations.getConfiguration(MANAGEMENT_PID, null);
            Dictionary<String, Object> properties = management.getProperties();
            Object host = properties == null ? null : properties.get("rmiServerHost");
            if (host != null) {
                System.setProperty(RmiHostName.PROPERTY, host.toString());
            }
            ObjectName connector = connectorName(configurations);
            if (server.isRegistered(connector) && Boolean.TRUE.equals(server.getAttribute(connector, "Active"))) {
                return;
            }
            if (properties != null) {
                management.update(properties);
                LOG.info("Remote access is off: Karaf's own JMX connector reopens as {} configures it", MANAGEMENT_PID);
            }
        } catch (IOException | JMException | RemoteAccessException e) {
            LOG.error("Cannot have Karaf reopen its own JMX connector; restart the container to get it back", e);
        }
    }

    @Override
    public void close() {
        holding = false;
        context.removeServiceListener(registries);
        try {
            server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, registrations);
        } catch (JMException e) {
            // it was not added
        }
    }

    private void registryEvent(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED && fromKarafManagement(event.getServiceReference())) {
            closeLater(REGISTRY_SETTLE_MILLIS);
        }
    }

    private void registrationEvent(Notification notification, Object handback) {
        if (MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(notification.getType())) {
            closeLater(0);
        }
    }

    private void closeLater(long delayMillis) {
        if (!holding) {
            return;
        }
        long giveUpAt = System.currentTimeMillis() + delayMillis + STARTING_CONNECTOR_WAIT_MILLIS;
        try {
            executor.schedule(() -> closeKarafConnector(this, giveUpAt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // remote access is closing down: nothing is held any more
        }
    }

    private static void closeKarafConnector(KarafJmxHold hold, long giveUpAt) {
        if (!hold.holding) {
            return;
        }
        try {
            if (hold.server.isRegistered(hold.connector)) {
                if (Boolean.TRUE.equals(hold.server.getAttribute(hold.connector, "Active"))) {
                    hold.server.invoke(hold.connector, "stop", null, null);
                    LOG.info("Karaf's own JMX connector {} is closed: remote access over TLS replaces it",
                            hold.connector);
                } else if (System.currentTimeMillis() < giveUpAt) {
                    // still starting: stopping it now would make its start fail
                    hold.executor.schedule(() -> closeKarafConnector(hold, giveUpAt), RETRY_MILLIS,
                            TimeUnit.MILLISECONDS);
                    return;
                }
            }
        } catch (InstanceNotFoundException e) {
            // Karaf took it away itself
        } catch (JMException e) {
            LOG.error("Cannot close Karaf's own JMX connector {}", hold.connector, e);
        }
        hold.closeKarafRegistries();
    }

    private void closeKarafRegistries() {
        Collection<ServiceReference<Registry>> references;
        try {
            references = context.getServiceReferences(Registry.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter was given", e);
        } catch (IllegalStateException stopping) {
            return;
        }
        for (ServiceReference<Registry> reference : references) {
            if (!fromKarafManagement(reference)) {
                continue;
            }
            Registry registry = context.getService(reference);
            if (registry == null) {
                continue;
            }
            try {
                UnicastRemoteObject.unexportObject(registry, true);
                LOG.info("Karaf's own RMI registry on port {} is closed: remote access over TLS replaces it",
                        reference.getProperty("port"));
            } catch (NoSuchObjectException e) {
                // closed before, or never exported here
            } finally {
                context.ungetService(reference);
            }
        }
    }

    private static boolean fromKarafManagement(ServiceReference<?> reference) {
        return reference.getBundle() != null && MANAGEMENT_BUNDLE.equals(reference.getBundle().getSymbolicName());
    }

    private static ObjectName connectorName(ConfigurationAdmin configurations) throws RemoteAccessException {
        Object name = null;
        try {
            Dictionary<String, Object> properties = configurations.getConfiguration(MANAGEMENT_PID, null)
                    .getProperties();
            name = properties == null ? null : properties.get("objectName");
            return new ObjectName(name == null ? "connector:name=rmi" : name.toString());
        } catch (IOException e) {
            throw new RemoteAccessException("cannot read the configuration " + MANAGEMENT_PID + ": " + e, e);
        } catch (MalformedObjectNameException e) {
            throw new RemoteAccessException(MANAGEMENT_PID + " objectName = " + name + " is not an MBean name", e);
        }
    }
}
