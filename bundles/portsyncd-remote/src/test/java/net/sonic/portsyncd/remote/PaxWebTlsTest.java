package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.testkit.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaxWebTlsTest {
    private static final String SSL = "org.ops4j.pax.web.ssl.";
    private final TestPki pki = Pki.get();
    private final FakeConfigurations configurations = new FakeConfigurations();
    private final PaxWebTls paxWeb = new PaxWebTls(configurations.admin());
    private final InetAddress address = InetAddress.getLoopbackAddress();

    @BeforeEach
    void shipped() {
        configurations.put(PaxWebTls.PID, Map.of("org.ops4j.pax.web.listening.addresses", "127.0.0.1",
                "org.osgi.service.http.port", "8181", "felix.fileinstall.filename", "file:/opt/karaf/etc/x.cfg"));
    }

    @Test
    void httpsOnlyWithThePasswordAsASecretPlaceholderNeverItsValue() throws Exception {
        TlsSettings settings = Pki.settings(pki.serverKeystore(), Optional.of(pki.caTruststore()));

        paxWeb.serveHttps(address, 8443, settings, Pki.material(settings));

        Map<String, Object> web = configurations.get(PaxWebTls.PID);
        assertThat(web).containsEntry("org.osgi.service.http.enabled", "false")
                .containsEntry("org.osgi.service.http.secure.enabled", "true")
                .containsEntry("org.osgi.service.http.port.secure", "8443")
                .containsEntry("org.ops4j.pax.web.listening.addresses", "127.0.0.1")
                .containsEntry(SSL + "keystore", pki.serverKeystore().toString())
                .containsEntry(SSL + "keystore.password", "$[secret:" + Pki.SECRET + "]")
                .containsEntry(SSL + "key.password", "$[secret:" + Pki.SECRET + "]")
                .containsEntry(SSL + "truststore.password", "$[secret:" + Pki.SECRET + "]")
                .containsEntry(SSL + "truststore", pki.caTruststore().toString())
                .containsEntry(SSL + "clientauth.needed", "true")
                .containsEntry(SSL + "key.alias", "server")
                .containsEntry("org.osgi.service.http.port", "8181")
                .containsEntry("felix.fileinstall.filename", "file:/opt/karaf/etc/x.cfg");
        assertThat(web.values()).noneMatch(value -> String.valueOf(value).contains(Pki.PASSWORD));
    }

    @Test
    void nothingIsWrittenWhenNothingChangesSincePaxWebRestartsOnEveryUpdate() throws Exception {
        TlsSettings settings = Pki.settings(pki.serverKeystore(), Optional.empty());
        paxWeb.serveHttps(address, 8443, settings, Pki.material(settings));
        paxWeb.serveHttps(address, 8443, settings, Pki.material(settings));

        assertThat(configurations.updated).hasSize(1);
        TlsSettings rotated = Pki.settings(pki.newServerKeystore("server-web"), Optional.empty());
        paxWeb.serveHttps(address, 8443, rotated, Pki.material(rotated));
        assertThat(configurations.updated).hasSize(2);
    }

    @Test
    void closedMeansNeitherHttpNorHttpsAndOffMeansLoopbackHttpAgain() throws Exception {
        TlsSettings settings = Pki.settings(pki.serverKeystore(), Optional.of(pki.caTruststore()));
        paxWeb.serveHttps(address, 8443, settings, Pki.material(settings));

        paxWeb.closeAll();
        assertThat(configurations.get(PaxWebTls.PID)).containsEntry("org.osgi.service.http.enabled", "false")
                .containsEntry("org.osgi.service.http.secure.enabled", "false")
                .doesNotContainKeys(SSL + "keystore", SSL + "keystore.password", SSL + "truststore");

        paxWeb.restoreLoopback();
        assertThat(configurations.get(PaxWebTls.PID)).containsEntry("org.osgi.service.http.enabled", "true")
                .containsEntry("org.osgi.service.http.secure.enabled", "false")
                .containsEntry("org.ops4j.pax.web.listening.addresses", "127.0.0.1")
                .containsEntry("org.osgi.service.http.port", "8181")
                .doesNotContainKeys(PaxWebTls.MARKER, SSL + "keystore", "org.osgi.service.http.port.secure");
    }

    @Test
    void anHttpServiceNeverManagedHereIsLeftAsItIs() throws Exception {
        paxWeb.restoreLoopback();

        assertThat(configurations.updated).isEmpty();
    }
}
