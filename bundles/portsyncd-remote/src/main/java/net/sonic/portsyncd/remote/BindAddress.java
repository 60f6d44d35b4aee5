package net.sonic.portsyncd.remote;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * The one address remote access listens on: an address of this host (of the container's network namespace), never
 * the wildcard, since the address is also what the JMX stubs tell clients to connect to.
 */
final class BindAddress {
    private BindAddress() {
    }

    static InetAddress resolve(String text) throws RemoteAccessException {
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new RemoteAccessException("address = " + text + " does not resolve to an IP address");
        }
        if (address.isAnyLocalAddress()) {
            throw new RemoteAccessException("address = " + text + " is the wildcard address: set the address of "
                    + "the management interface");
        }
        try {
            if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new RemoteAccessException("address = " + text + " (" + address.getHostAddress()
                        + ") is not an address of this host");
            }
        } catch (SocketException e) {
            throw new RemoteAccessException("cannot list the addresses of this host: " + e.getMessage(), e);
        }
        return address;
    }
}
