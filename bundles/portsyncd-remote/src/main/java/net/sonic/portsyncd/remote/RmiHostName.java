package net.sonic.portsyncd.remote;

import java.net.InetAddress;

/**
 * {@code java.rmi.server.hostname}: the host that every RMI stub exported by this JVM tells its clients to connect
 * to. There is one per JVM (Karaf sets it to its {@code rmiServerHost}), so the TLS connector sets it to the remote
 * address before it exports anything.
 */
final class RmiHostName {
    static final String PROPERTY = "java.rmi.server.hostname";

    private RmiHostName() {
    }

    static void set(InetAddress address) {
        System.setProperty(PROPERTY, address.getHostAddress());
    }
}
