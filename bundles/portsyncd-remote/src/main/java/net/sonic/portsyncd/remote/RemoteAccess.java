package net.sonic.portsyncd.remote;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Date;
import java.util.Dictionary;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import org.apache.karaf.management.JaasAuthenticator;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote access as configured. On: Karaf's own JMX connector is held closed first, then the key, CAs and address
 * are checked, then JMX (TLS registry and server) and Jolokia's HTTPS listen on the remote address; anything refused
 * closes both and raises REMOTE_ACCESS_FAILED, and is tried again every check interval. While serving, the key, CA
 * and password files are looked at every check interval: a change is served from the next connection on (HTTPS
 * restarts), a refused change keeps the previous files' certificate and CAs (MINOR alarm). Off: HTTP and Karaf's JMX
 * come back on loopback as their own configurations say, when this had closed them.
 *
 * <p>All of it runs on the one thread of {@code executor}, so a configuration change, a check and the closing of
 * Karaf's connector never overlap.
 */
final class RemoteAccess implements AutoCloseable {
    /** In this bundle's data area while Karaf's connector is held closed, so that turning off reopens it once. */
    static final String HELD_MARKER = "karaf-jmx-held";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccess.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final MBeanServer server;
    private final MBeanServer guarded;
    private final RemoteAccessAlarm alarm;
    private final PaxWebTls paxWeb;
    private final ScheduledExecutorService executor;
    private final AtomicReference<TlsMaterial> material = new AtomicReference<>();
    private RemoteSettings settings;
    private KarafJmxHold hold;
    private TlsJmxConnector connector;
    private InetAddress address;
    private ScheduledFuture<?> check;

    RemoteAccess(BundleContext context, ConfigurationAdmin configurations, MBeanServer server,
            InvocationHandler guard, RemoteAccessAlarm alarm, ScheduledExecutorService executor) {
        this.context = context;
        this.configurations = configurations;
        this.server = server;
        this.guarded = GuardedMBeanServer.wrap(server, guard);
        this.alarm = alarm;
        this.paxWeb = new PaxWebTls(configurations);
        this.executor = executor;
    }

    /** Serves {@code next} from now on (asynchronously, after whatever is under way). */
    void apply(RemoteSettings next) {
        executor.execute(() -> applyNow(next));
    }

    /** Closes the TLS listeners; leaves Karaf's connector and the HTTP service closed (they reopen only when off). */
    @Override
    public void close() {
        executor.execute(() -> {
            cancelCheck();
            closeConnector();
            releaseHold();
        });
    }

    private void applyNow(RemoteSettings next) {
        settings = next;
        cancelCheck();
        closeConnector();
        if (!next.enabled()) {
            turnOff();
            return;
        }
        serveOrFailClosed();
        long seconds = next.checkInterval().toSeconds();
        check = executor.scheduleWithFixedDelay(this::check, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Holds Karaf's plain connector closed and serves over TLS; on any refusal everything stays closed, alarmed. */
    private void serveOrFailClosed() {
        try {
            holdKarafConnector();
            serve();
            alarm.clear("remote access is served");
        } catch (RemoteAccessException e) {
            failClosed(e.getMessage());
        }
    }

    private void serve() throws RemoteAccessException {
        if (settings.unservable().isPresent()) {
            throw new RemoteAccessException(settings.unservable().get());
        }
        if (Set.of(settings.registryPort(), settings.serverPort(), settings.httpsPort()).size() != 3) {
            throw new RemoteAccessException("jmx.registry.port, jmx.server.port and https.port must differ");
        }
        InetAddress bindAddress = BindAddress.resolve(settings.address());
        TlsMaterial built = TlsMaterial.build(settings.tls(), TlsInputs.read(settings.tls()), new Date());
        material.set(built);
        address = bindAddress;
        RmiHostName.set(bindAddress);
        connector = TlsJmxConnector.start(bindAddress, settings.registryPort(), settings.serverPort(),
                new TlsServerSockets(bindAddress, material::get), guarded, authenticator());
        try {
            paxWeb.serveHttps(bindAddress, settings.httpsPort(), settings.tls(), built);
        } catch (IOException e) {
            closeConnector();
            throw new RemoteAccessException("cannot configure the HTTP service " + PaxWebTls.PID + ": " + e, e);
        }
        String host = connectorHost(bindAddress);
        LOG.info("Remote access over TLS: JMX {} (registry port {}, connector port {}), Jolokia https://{}:{}/jolokia;"
                + " certificate {}; client certificates {}", connector.serviceUrl(), settings.registryPort(),
                settings.serverPort(), host, settings.httpsPort(), built.describeCertificate(),
                built.clientCertificates() ? "required (CAs of " + settings.tls().truststore().get() + ")"
                        : "not asked for");
    }

    private void check() {
        if (connector == null) {
            serveOrFailClosed();
            return;
        }
        TlsMaterial current = material.get();
        try {
            TlsInputs inputs = TlsInputs.read(settings.tls());
            if (inputs.signature().equals(current.signature())) {
                alarm.clear("the served certificate and CAs are the files' again");
                return;
            }
            TlsMaterial next = TlsMaterial.build(settings.tls(), inputs, new Date());
            material.set(next);
            paxWeb.serveHttps(address, settings.httpsPort(), settings.tls(), next);
            LOG.info("Remote access: new key, CA or password files served from the next connection on; certificate {}",
                    next.describeCertificate());
            alarm.clear("the new certificate and CAs are served");
        } catch (RemoteAccessException e) {
            alarm.keptPrevious(e.getMessage());
        } catch (IOException e) {
            alarm.keptPrevious("cannot configure the HTTP service " + PaxWebTls.PID + ": " + e);
        }
    }

    private void failClosed(String cause) {
        closeConnector();
        try {
            paxWeb.closeAll();
        } catch (IOException e) {
            LOG.error("Cannot close the HTTP service {}", PaxWebTls.PID, e);
        }
        alarm.closed(cause);
    }

    private void turnOff() {
        releaseHold();
        try {
            paxWeb.restoreLoopback();
        } catch (IOException e) {
            LOG.error("Cannot put the HTTP service {} back on loopback", PaxWebTls.PID, e);
        }
        File held = context.getDataFile(HELD_MARKER);
        // deleted first: reopening restarts Karaf's management, which restarts this component
        if (held != null && held.delete()) {
            KarafJmxHold.reopen(server, configurations);
        }
        alarm.clear("remote access is off");
        LOG.info("Remote access over TLS is off (enabled = false in etc/{}.cfg)", RemoteAccessComponent.PID);
    }

    private void holdKarafConnector() throws RemoteAccessException {
        if (hold != null) {
            return;
        }
        File held = context.getDataFile(HELD_MARKER);
        try {
            if (held != null) {
                Files.writeString(held.toPath(), "Karaf's own JMX connector is held closed by remote access\n");
            }
        } catch (IOException e) {
            throw new RemoteAccessException("cannot write " + held + ": " + e, e);
        }
        hold = KarafJmxHold.hold(context, server, configurations, executor);
    }

    private void releaseHold() {
        if (hold != null) {
            hold.close();
            hold = null;
        }
    }

    private void closeConnector() {
        if (connector != null) {
            connector.close();
            connector = null;
            LOG.info("Remote access: the TLS JMX listeners are closed");
        }
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Karaf's JMX realm ({@code jmxRealm}, "karaf" unless set): the users and roles of its own connector. */
    private JaasAuthenticator authenticator() throws RemoteAccessException {
        JaasAuthenticator authenticator = new JaasAuthenticator();
        try {
            Dictionary<String, Object> management = configurations.getConfiguration(KarafJmxHold.MANAGEMENT_PID, null)
                    .getProperties();
            Object realm = management == null ? null : management.get("jmxRealm");
            authenticator.setRealm(realm == null ? "karaf" : realm.toString());
            return authenticator;
        } catch (IOException e) {
            throw new RemoteAccessException("cannot read " + KarafJmxHold.MANAGEMENT_PID + ": " + e, e);
        }
    }

    private static String connectorHost(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
