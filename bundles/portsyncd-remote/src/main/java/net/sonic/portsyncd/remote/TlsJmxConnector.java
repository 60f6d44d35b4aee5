package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JMX over RMI with TLS on both ports: an RMI registry (TLS) holding the connector's stub under {@value #NAME}, the
 * name jconsole looks up when given {@code host:port}, and the RMI connector server (TLS) that the stub tells clients
 * to use. Clients authenticate with a JAAS user and password; when client certificates are asked for, no
 * connection gets as far as that without one.
 */
final class TlsJmxConnector implements AutoCloseable {
    static final String NAME = "jmxrmi";
    private static final Logger LOG = LoggerFactory.getLogger(TlsJmxConnector.class);
    /** Credentials are a String[] of user and password, nothing else is deserialized (as Karaf sets it). */
    private static final String CREDENTIALS_FILTER = "java.lang.String;!*";

    private final Registry registry;
    private final JMXConnectorServer server;
    private final String serviceUrl;

    private TlsJmxConnector(Registry registry, JMXConnectorServer server, String serviceUrl) {
        this.registry = registry;
        this.server = server;
        this.serviceUrl = serviceUrl;
    }

    static TlsJmxConnector start(InetAddress address, int registryPort, int serverPort, TlsServerSockets sockets,
            MBeanServer guarded, JMXAuthenticator authenticator) throws RemoteAccessException {
        SslRMIClientSocketFactory clientSockets = new SslRMIClientSocketFactory();
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnectorServer.AUTHENTICATOR, authenticator);
        environment.put("jmx.remote.rmi.server.credentials.filter.pattern", CREDENTIALS_FILTER);
        // the connector's exported objects must not keep the JVM from exiting
        environment.put("jmx.remote.x.daemon", "true");
        String host = address.getHostAddress();
        Registry registry;
        try {
            registry = LocateRegistry.createRegistry(registryPort, clientSockets, sockets);
        } catch (RemoteException e) {
            throw new RemoteAccessException("cannot listen on " + host + ":" + registryPort
                    + " (jmx.registry.port): " + RemoteAccessException.describe(e), e);
        }
        try {
            RMIJRMPServerImpl rmiServer = new RMIJRMPServerImpl(serverPort, clientSockets, sockets, environment);
            JMXConnectorServer server = new RMIConnectorServer(new JMXServiceURL("rmi", host, serverPort),
                    environment, rmiServer, guarded);
            try {
                server.start();
            } catch (IOException e) {
                throw new RemoteAccessException("cannot listen on " + host + ":" + serverPort
                        + " (jmx.server.port): " + RemoteAccessException.describe(e), e);
            }
            try {
                registry.bind(NAME, rmiServer.toStub());
            } catch (IOException | AlreadyBoundException e) {
                stopQuietly(server);
                throw new RemoteAccessException("cannot register the JMX connector in its registry: " + e, e);
            }
            String hostInUrl = host.contains(":") ? "[" + host + "]" : host;
            return new TlsJmxConnector(registry, server,
                    "service:jmx:rmi:///jndi/rmi://" + hostInUrl + ":" + registryPort + "/" + NAME);
        } catch (RemoteAccessException | IOException | RuntimeException e) {
            unexport(registry);
            if (e instanceof RemoteAccessException remoteAccess) {
                throw remoteAccess;
            }
            throw new RemoteAccessException("cannot start the JMX connector on " + host + ": " + e, e);
        }
    }

    /** The address a client connects to, with the RMI registry's TLS socket factory. */
    String serviceUrl() {
        return serviceUrl;
    }

    @Override
    public void close() {
        stopQuietly(server);
        unexport(registry);
    }

    private static void stopQuietly(JMXConnectorServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("The TLS JMX connector did not stop cleanly", e);
        }
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // already gone
        }
    }
}
