package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.AccessController;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.security.auth.Subject;
import net.sonic.portsyncd.testkit.SampleCounter;
import net.sonic.portsyncd.testkit.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS connector end to end in this JVM, as a JMX client of the JDK connects to it: the registry and the connector
 * are TLS, the user is authenticated, the guard is asked with the user's identity, and plain text gets nowhere.
 */
class TlsJmxConnectorTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ObjectName VALUE = GuardedMBeanServerTest.VALUE;
    private final TestPki pki = Pki.get();
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private TlsJmxConnector connector;

    @BeforeAll
    static void trustTheTestCa() {
        // the client side of the JDK's SSL RMI socket factories uses the default context, as jconsole does
        SSLContext.setDefault(Pki.client(Optional.of(Pki.get().caTruststore()), Optional.empty()));
    }

    @BeforeEach
    void start() throws Exception {
        server.registerMBean(new SampleCounter(7), VALUE);
        AtomicReference<TlsMaterial> material = new AtomicReference<>(
                Pki.material(Pki.settings(pki.serverKeystore(), Optional.empty())));
        JMXAuthenticator users = credentials -> {
            String[] pair = (String[]) credentials;
            if (!"viewer".equals(pair[0]) || !"viewer-password".equals(pair[1])) {
                throw new SecurityException("Authentication failed");
            }
            return new Subject(true, Set.of(new JMXPrincipal("viewer")), Set.of(), Set.of());
        };
        @SuppressWarnings("removal")
        InvocationHandler viewerReadsOnly = (proxy, method, args) -> {
            Subject subject = Subject.getSubject(AccessController.getContext());
            boolean viewer = subject != null && subject.getPrincipals().contains(new JMXPrincipal("viewer"));
            if (viewer && !method.getName().startsWith("get")) {
                throw new SecurityException("viewer may only read");
            }
            return null;
        };
        RmiHostName.set(LOOPBACK);
        int[] ports = freePorts();
        connector = TlsJmxConnector.start(LOOPBACK, ports[0], ports[1], new TlsServerSockets(LOOPBACK, material::get),
                GuardedMBeanServer.wrap(server, viewerReadsOnly), users);
    }

    @AfterEach
    void stop() {
        connector.close();
    }

    @Test
    void aViewerReadsOverTlsAndIsRefusedWritesAndOperations() throws Exception {
        try (JMXConnector client = connect("viewer", "viewer-password", true)) {
            MBeanServerConnection connection = client.getMBeanServerConnection();

            assertThat(connection.getAttribute(VALUE, "Value")).isEqualTo(7);
            assertThatThrownBy(() -> connection.setAttribute(VALUE, new Attribute("Value", 1)))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> connection.invoke(VALUE, "reset", null, null))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> connection.unregisterMBean(VALUE)).isInstanceOf(SecurityException.class);
        }
        assertThat(server.getAttribute(VALUE, "Value")).isEqualTo(7);
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> connect("viewer", "guess", true)).isInstanceOf(SecurityException.class);
    }

    @Test
    void aPlainTextRegistryLookupGetsNowhere() {
        assertThatThrownBy(() -> connect("viewer", "viewer-password", false)).isInstanceOf(IOException.class);
    }

    @Test
    void theServiceUrlIsTheRegistryOfTheRemoteAddress() {
        assertThat(connector.serviceUrl()).startsWith("service:jmx:rmi:///jndi/rmi://127.0.0.1:").endsWith("/jmxrmi");
    }

    private JMXConnector connect(String user, String password, boolean tlsRegistry) throws IOException {
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        if (tlsRegistry) {
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(connector.serviceUrl()), environment);
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0, 1, LOOPBACK); ServerSocket second = new ServerSocket(0, 1, LOOPBACK)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
