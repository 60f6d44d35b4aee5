package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import net.sonic.portsyncd.testkit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    private final TestPki pki = Pki.get();

    @TempDir
    Path scratch;

    @Test
    void servesTheOnlyKeyOfTheKeystoreWithoutClientCertificates() throws Exception {
        TlsMaterial material = Pki.material(Pki.settings(pki.serverKeystore(), Optional.empty()));

        assertThat(material.keyAlias()).isEqualTo("server");
        assertThat(material.clientCertificates()).isFalse();
        assertThat(material.describeCertificate()).contains("CN=127.0.0.1").contains("valid until");
        assertThat(material.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void asksForClientCertificatesWhenATruststoreIsGiven() throws Exception {
        TlsMaterial material = Pki.material(Pki.settings(pki.serverKeystore(), Optional.of(pki.caTruststore())));

        assertThat(material.clientCertificates()).isTrue();
    }

    @Test
    void aWrongPasswordNamesTheKeystoreAndThePasswordFile() throws Exception {
        Path wrong = Pki.secrets().resolve("wrong.password");
        Files.writeString(wrong, "not-the-password");
        Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        TlsSettings settings = new TlsSettings(pki.serverKeystore(), "PKCS12", Optional.empty(), Optional.empty(),
                "PKCS12", Pki.secrets(), "wrong.password", List.of("TLSv1.3"));

        assertThatThrownBy(() -> Pki.material(settings)).isInstanceOf(RemoteAccessException.class)
                .hasMessageContaining(pki.serverKeystore().toString()).hasMessageContaining(wrong.toString())
                .hasMessageContaining("wrong password");
    }

    @Test
    void aMissingKeystoreOrTruststoreIsNamed() {
        Path missing = scratch.resolve("absent.p12");

        assertThatThrownBy(() -> Pki.material(Pki.settings(missing, Optional.empty())))
                .hasMessageContaining("keystore " + missing + " is missing");
        assertThatThrownBy(() -> Pki.material(Pki.settings(pki.serverKeystore(), Optional.of(missing))))
                .hasMessageContaining("truststore " + missing + " is missing");
    }

    @Test
    void aTruststoreWithoutCaCertificatesIsRefused() {
        // a keystore holds a key entry, not a trusted certificate entry
        assertThatThrownBy(() -> Pki.material(Pki.settings(pki.serverKeystore(), Optional.of(pki.clientKeystore()))))
                .hasMessageContaining("holds no CA certificate");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        TlsSettings settings = Pki.settings(pki.serverKeystore(), Optional.empty());

        assertThatThrownBy(() -> TlsMaterial.build(settings, TlsInputs.read(settings),
                Date.from(Instant.now().plus(Duration.ofDays(30))))).hasMessageContaining("expired on");
        assertThatThrownBy(() -> TlsMaterial.build(settings, TlsInputs.read(settings),
                Date.from(Instant.now().minus(Duration.ofDays(30))))).hasMessageContaining("is not valid before");
    }

    @Test
    void aKeystoreOfTwoKeysNeedsKeyAliasAndAnUnknownAliasIsNamed() throws Exception {
        KeyStore two = Pki.load(pki.serverKeystore());
        KeyStore client = Pki.load(pki.clientKeystore());
        two.setEntry("client", client.getEntry("client", new KeyStore.PasswordProtection(Pki.PASSWORD.toCharArray())),
                new KeyStore.PasswordProtection(Pki.PASSWORD.toCharArray()));
        Path twoKeys = scratch.resolve("two.p12");
        try (var out = Files.newOutputStream(twoKeys)) {
            two.store(out, Pki.PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> Pki.material(Pki.settings(twoKeys, Optional.empty())))
                .hasMessageContaining("holds 2 key entries").hasMessageContaining("key.alias");
        TlsSettings chosen = new TlsSettings(twoKeys, "PKCS12", Optional.of("server"), Optional.empty(), "PKCS12",
                Pki.secrets(), Pki.SECRET, List.of("TLSv1.3"));
        assertThat(Pki.material(chosen).keyAlias()).isEqualTo("server");
        TlsSettings unknown = new TlsSettings(twoKeys, "PKCS12", Optional.of("nope"), Optional.empty(), "PKCS12",
                Pki.secrets(), Pki.SECRET, List.of("TLSv1.3"));
        assertThatThrownBy(() -> Pki.material(unknown)).hasMessageContaining("key.alias = nope");
    }

    @Test
    void theSignatureFollowsTheFilesAndTheShownFingerprintNotThePassword() throws Exception {
        TlsSettings settings = Pki.settings(pki.serverKeystore(), Optional.empty());
        TlsMaterial first = Pki.material(settings);
        TlsMaterial again = Pki.material(settings);
        TlsMaterial other = Pki.material(Pki.settings(pki.newServerKeystore("server-fingerprint"), Optional.empty()));

        assertThat(again.signature()).isEqualTo(first.signature());
        assertThat(other.signature()).isNotEqualTo(first.signature());
        assertThat(other.storesFingerprint()).isNotEqualTo(first.storesFingerprint());
        assertThat(first.storesFingerprint()).isNotEqualTo(first.signature());
    }
}
