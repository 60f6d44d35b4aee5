package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;

/**
 * Server sockets for the RMI registry and the RMI connector: bound to the one remote address, and every accepted
 * connection is TLS from its first byte (a plain-text client fails the handshake and is dropped). The TLS context is
 * looked up per connection, so a rotated certificate or CA applies to the next connection without closing the
 * listeners or the sessions already open.
 */
final class TlsServerSockets implements RMIServerSocketFactory {
    private static final int BACKLOG = 50;

    private final InetAddress address;
    private final Supplier<TlsMaterial> material;

    TlsServerSockets(InetAddress address, Supplier<TlsMaterial> material) {
        this.address = address;
        this.material = material;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new TlsServerSocket(port);
    }

    private final class TlsServerSocket extends ServerSocket {
        TlsServerSocket(int port) throws IOException {
            super(port, BACKLOG, address);
        }

        @Override
        public Socket accept() throws IOException {
            Socket accepted = super.accept();
            try {
                TlsMaterial current = material.get();
                SSLSocket tls = (SSLSocket) current.context().getSocketFactory().createSocket(accepted,
                        accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
                tls.setUseClientMode(false);
                tls.setEnabledProtocols(current.protocols().toArray(new String[0]));
                tls.setNeedClientAuth(current.clientCertificates());
                return tls;
            } catch (IOException | RuntimeException e) {
                accepted.close();
                throw e;
            }
        }
    }
}
