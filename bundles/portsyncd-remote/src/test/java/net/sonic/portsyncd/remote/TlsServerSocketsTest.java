package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import net.sonic.portsyncd.testkit.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client meets on a port of the TLS socket factory, one echoed line per connection. */
class TlsServerSocketsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final TestPki pki = Pki.get();
    private final AtomicReference<TlsMaterial> material = new AtomicReference<>();
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientTrustingTheCaTalksTlsAndAPlainTextClientIsDropped() throws Exception {
        serve(Optional.empty());

        assertThat(echo(Pki.client(Optional.of(pki.caTruststore()), Optional.empty()))).isEqualTo("ping");
        try (Socket plain = new Socket(LOOPBACK, server.getLocalPort())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            // the server answers a TLS alert at most, never the echo
            String answer = new String(plain.getInputStream().readNBytes(64), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("ping");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        serve(Optional.empty());

        assertThatThrownBy(() -> echo(Pki.client(Optional.empty(), Optional.empty()))).isInstanceOf(IOException.class);
    }

    @Test
    void withClientCasOnlyAClientCertificateOfThemGetsThrough() throws Exception {
        serve(Optional.of(pki.caTruststore()));

        assertThat(echo(Pki.client(Optional.of(pki.caTruststore()), Optional.of(pki.clientKeystore()))))
                .isEqualTo("ping");
        assertThatThrownBy(() -> echo(Pki.client(Optional.of(pki.caTruststore()), Optional.empty())))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> echo(Pki.client(Optional.of(pki.caTruststore()),
                Optional.of(pki.untrustedClientKeystore())))).isInstanceOf(IOException.class);
    }

    @Test
    void aRotatedCertificateIsServedFromTheNextConnectionOn() throws Exception {
        serve(Optional.empty());
        SSLContext client = Pki.client(Optional.of(pki.caTruststore()), Optional.empty());
        String before = servedSubject(client);

        material.set(Pki.material(Pki.settings(pki.newServerKeystore("server-rotated"), Optional.empty())));

        assertThat(before).isEqualTo("CN=127.0.0.1");
        assertThat(servedSubject(client)).isEqualTo("CN=127.0.0.1 server-rotated");
    }

    private void serve(Optional<java.nio.file.Path> clientCas) throws Exception {
        material.set(Pki.material(Pki.settings(pki.serverKeystore(), clientCas)));
        server = new TlsServerSockets(LOOPBACK, material::get).createServerSocket(0);
        Thread echo = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(10_000);
                    String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // a refused client, or the end of the test
                }
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
    }

    private String echo(SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(LOOPBACK, server.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            return line;
        }
    }

    private String servedSubject(SSLContext client) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(LOOPBACK, server.getLocalPort())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
