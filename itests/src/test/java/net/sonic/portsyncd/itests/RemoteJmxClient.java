package net.sonic.portsyncd.itests;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * The JDK's own JMX client, run as a JVM of its own so that its TLS trust and client key are set the way an
 * operator sets them for jconsole or an NMS: {@code -Djavax.net.ssl.trustStore=...}, {@code -Djavax.net.ssl.keyStore=...}.
 *
 * <pre>
 * RemoteJmxClient &lt;service url, or host:port&gt; &lt;user&gt; &lt;password&gt; tls|plain|jconsole
 *     [read &lt;mbean&gt; &lt;attribute&gt; | write &lt;mbean&gt; &lt;attribute&gt; &lt;integer&gt; | invoke &lt;mbean&gt; &lt;operation&gt;
 *     | call &lt;mbean&gt; &lt;operation&gt; &lt;count&gt; &lt;string argument&gt;...]...
 * </pre>
 *
 * {@code tls} looks the connector up in a TLS registry (the JNDI socket factory of the JDK's SSL RMI client
 * sockets), {@code plain} as a plain-text client does, {@code jconsole} connects to {@code host:port} with jconsole's
 * own connection code (its {@code ProxyClient}, which finds out by itself that the registry is TLS; the JVM needs
 * {@code --add-opens jdk.jconsole/sun.tools.jconsole=ALL-UNNAMED}). Prints {@code CONNECTED}, or
 * {@code NOT CONNECTED <exception>} and exits 1; then one line per action: {@code OK <value>} or
 * {@code REFUSED <exception>}.
 */
public final class RemoteJmxClient {
    private RemoteJmxClient() {
    }

    public static void main(String[] args) throws Exception {
        MBeanServerConnection server;
        try {
            server = args[3].equals("jconsole") ? jconsole(args[0], args[1], args[2])
                    : connect(args[0], args[1], args[2], args[3].equals("tls"));
        } catch (Exception e) {
            System.out.println("NOT CONNECTED " + describe(e));
            System.exit(1);
            return;
        }
        System.out.println("CONNECTED");
        List<String> actions = new ArrayList<>(List.of(args).subList(4, args.length));
        while (!actions.isEmpty()) {
            String action = actions.remove(0);
            ObjectName name = new ObjectName(actions.remove(0));
            String member = actions.remove(0);
            try {
                Object result = switch (action) {
                    case "read" -> server.getAttribute(name, member);
                    case "write" -> {
                        server.setAttribute(name, new Attribute(member, Long.parseLong(actions.remove(0))));
                        yield "written";
                    }
                    case "invoke" -> server.invoke(name, member, null, null);
                    case "call" -> {
                        int count = Integer.parseInt(actions.remove(0));
                        Object[] arguments = new Object[count];
                        for (int i = 0; i < count; i++) {
                            arguments[i] = actions.remove(0);
                        }
                        String[] signature = new String[count];
                        java.util.Arrays.fill(signature, String.class.getName());
                        yield server.invoke(name, member, arguments, signature);
                    }
                    default -> throw new IllegalArgumentException("unknown action " + action);
                };
                System.out.println("OK " + String.valueOf(result).replace('\n', ' '));
            } catch (Exception e) {
                System.out.println("REFUSED " + describe(e));
            }
        }
        // the client's RMI threads would keep the JVM alive for a while
        System.exit(0);
    }

    private static MBeanServerConnection connect(String url, String user, String password, boolean tlsRegistry)
            throws Exception {
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        if (tlsRegistry) {
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(url), environment).getMBeanServerConnection();
    }

    /** {@code jconsole host:port}: jconsole's ProxyClient, called as jconsole calls it. */
    private static MBeanServerConnection jconsole(String hostAndPort, String user, String password) throws Exception {
        int colon = hostAndPort.lastIndexOf(':');
        Class<?> proxyClient = Class.forName("sun.tools.jconsole.ProxyClient");
        Object client = proxyClient.getMethod("getProxyClient", String.class, int.class, String.class, String.class)
                .invoke(null, hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)),
                        user, password);
        Method connect = proxyClient.getDeclaredMethod("connect", boolean.class);
        connect.setAccessible(true);
        connect.invoke(client, false);
        Object state = proxyClient.getMethod("getConnectionState").invoke(client);
        if (!"CONNECTED".equals(String.valueOf(state))) {
            throw new IllegalStateException("jconsole's connection is " + state);
        }
        System.out.println("TLS REGISTRY " + proxyClient.getMethod("isSslRmiRegistry").invoke(client) + " TLS STUB "
                + proxyClient.getMethod("isSslRmiStub").invoke(client));
        return (MBeanServerConnection) proxyClient.getMethod("getMBeanServerConnection").invoke(client);
    }

    /** The exception and its causes, on one line: a TLS refusal is usually a cause of a cause. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(cause.getClass().getName()).append(": ")
                    .append(String.valueOf(cause.getMessage()).replace('\n', ' '));
        }
        return text.toString();
    }
}
