package net.sonic.portsyncd.remote;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the server's key, the client CAs and the keystore password are, and the TLS versions to offer.
 *
 * @param truststore the CA certificates a client certificate must chain to; empty when no client certificate is
 *     asked for
 * @param keyAlias the key entry to serve; empty when the keystore holds exactly one
 */
record TlsSettings(Path keystore, String keystoreType, Optional<String> keyAlias, Optional<Path> truststore,
        String truststoreType, Path secretsDirectory, String passwordSecret, List<String> protocols) {

    boolean clientCertificates() {
        return truststore.isPresent();
    }
}
