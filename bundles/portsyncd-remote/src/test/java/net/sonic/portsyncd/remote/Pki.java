package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.sonic.portsyncd.testkit.TestPki;

/** One set of test certificates for the tests of this module (keytool is slow), and what they need from it. */
final class Pki {
    static final String PASSWORD = "test-store-password";
    static final String SECRET = "tls.password";
    private static TestPki pki;
    private static Path secrets;

    private Pki() {
    }

    static synchronized TestPki get() {
        if (pki == null) {
            try {
                Path directory = Files.createTempDirectory("remote-pki-");
                pki = TestPki.create(directory.resolve("pki"), PASSWORD);
                secrets = Files.createDirectory(directory.resolve("etc"));
                Path secret = secrets.resolve(SECRET);
                Files.writeString(secret, PASSWORD + "\n");
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pki;
    }

    /** Holds {@link #SECRET}, the password of every store, mode 0600. */
    static Path secrets() {
        get();
        return secrets;
    }

    /** The server key of {@code keystore}; client certificates asked for when {@code clientCas} is there. */
    static TlsSettings settings(Path keystore, Optional<Path> clientCas) {
        return new TlsSettings(keystore, "PKCS12", Optional.empty(), clientCas, "PKCS12", secrets(), SECRET,
                List.of("TLSv1.3", "TLSv1.2"));
    }

    static TlsMaterial material(TlsSettings settings) throws RemoteAccessException {
        return TlsMaterial.build(settings, TlsInputs.read(settings), new java.util.Date());
    }

    /** A client context trusting {@code trusted} (none: the JDK's CAs), presenting {@code key} when given. */
    static SSLContext client(Optional<Path> trusted, Optional<Path> key) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted.isPresent() ? load(trusted.get()) : null);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(key.isPresent() ? load(key.get()) : null, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(key.isPresent() ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }
}
