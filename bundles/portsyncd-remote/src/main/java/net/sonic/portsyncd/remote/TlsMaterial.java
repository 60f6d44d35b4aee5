package net.sonic.portsyncd.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableEntryException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server TLS context built from {@link TlsInputs} and checked before anything listens with it: the keystore
 * opens with the password, holds the key entry to serve (the only one, or the alias named) whose certificate is
 * valid today, the truststore (when client certificates are asked for) opens and holds at least one CA
 * certificate, and the TLS versions asked for are supported. Each failure names the file and what is wrong.
 */
final class TlsMaterial {
    private final SSLContext context;
    private final String keyAlias;
    private final X509Certificate certificate;
    private final boolean clientCertificates;
    private final List<String> protocols;
    private final String signature;
    private final String storesFingerprint;

    private TlsMaterial(SSLContext context, String keyAlias, X509Certificate certificate, boolean clientCertificates,
            List<String> protocols, TlsInputs inputs) {
        this.context = context;
        this.keyAlias = keyAlias;
        this.certificate = certificate;
        this.clientCertificates = clientCertificates;
        this.protocols = protocols;
        this.signature = inputs.signature();
        this.storesFingerprint = inputs.storesFingerprint();
    }

    static TlsMaterial build(TlsSettings settings, TlsInputs inputs, Date now) throws RemoteAccessException {
        char[] password = inputs.password();
        KeyStore keystore = open("keystore", settings.keystore(), settings.keystoreType(), inputs.keystore(), password,
                settings);
        String alias = keyAlias(keystore, settings);
        PrivateKey key;
        Certificate[] chain;
        try {
            KeyStore.Entry entry = keystore.getEntry(alias, new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.PrivateKeyEntry privateKeyEntry)) {
                throw new RemoteAccessException("the entry " + alias + " of the keystore " + settings.keystore()
                        + " is not a private key with its certificate");
            }
            key = privateKeyEntry.getPrivateKey();
            chain = privateKeyEntry.getCertificateChain();
        } catch (UnrecoverableEntryException e) {
            throw new RemoteAccessException("the key " + alias + " of the keystore " + settings.keystore()
                    + " does not open with the keystore password (the key and the keystore must share it)", e);
        } catch (GeneralSecurityException e) {
            throw new RemoteAccessException("cannot read the key " + alias + " of the keystore "
                    + settings.keystore() + ": " + e.getMessage(), e);
        }
        X509Certificate certificate = validCertificate(chain, alias, settings.keystore(), now);
        Optional<TrustManager[]> trust = Optional.empty();
        if (settings.truststore().isPresent()) {
            KeyStore truststore = open("truststore", settings.truststore().get(), settings.truststoreType(),
                    inputs.truststore().orElseThrow(), password, settings);
            trust = Optional.of(trustManagers(truststore, settings.truststore().get()));
        }
        SSLContext context = context(alias, key, chain, password, trust.orElse(null));
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        for (String protocol : settings.protocols()) {
            if (!supported.contains(protocol)) {
                throw new RemoteAccessException("protocols: " + protocol + " is not supported by this Java ("
                        + String.join(", ", supported) + ")");
            }
        }
        return new TlsMaterial(context, alias, certificate, trust.isPresent(), settings.protocols(), inputs);
    }

    SSLContext context() {
        return context;
    }

    String keyAlias() {
        return keyAlias;
    }

    boolean clientCertificates() {
        return clientCertificates;
    }

    List<String> protocols() {
        return protocols;
    }

    /** Changes with the keystore, the truststore or the password. */
    String signature() {
        return signature;
    }

    /** Changes with the keystore or the truststore; says nothing of the password. */
    String storesFingerprint() {
        return storesFingerprint;
    }

    /** Subject, serial number and end of validity of the certificate served, for the log. */
    String describeCertificate() {
        return certificate.getSubjectX500Principal().getName() + " (serial " + certificate.getSerialNumber().toString(16)
                + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    }

    private static KeyStore open(String what, Path file, String type, byte[] content, char[] password,
            TlsSettings settings) throws RemoteAccessException {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(new ByteArrayInputStream(content), password);
            return store;
        } catch (IOException e) {
            throw new RemoteAccessException("the " + what + " " + file + " does not open as " + type + " with the "
                    + "password of " + settings.secretsDirectory().resolve(settings.passwordSecret())
                    + " (wrong password, or not a " + type + " file): " + RemoteAccessException.describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new RemoteAccessException("cannot read the " + what + " " + file + " as " + type + ": "
                    + RemoteAccessException.describe(e), e);
        }
    }

    private static String keyAlias(KeyStore keystore, TlsSettings settings) throws RemoteAccessException {
        try {
            if (settings.keyAlias().isPresent()) {
                String alias = settings.keyAlias().get();
                if (!keystore.isKeyEntry(alias)) {
                    throw new RemoteAccessException("key.alias = " + alias + ": the keystore " + settings.keystore()
                            + " has no key entry of that name (it has " + Collections.list(keystore.aliases()) + ")");
                }
                return alias;
            }
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new RemoteAccessException("the keystore " + settings.keystore() + " holds " + keys.size()
                        + " key entries " + keys + ": set key.alias to the one to serve");
            }
            return keys.get(0);
        } catch (KeyStoreException e) {
            throw new IllegalStateException("a loaded keystore lists its entries", e);
        }
    }

    private static X509Certificate validCertificate(Certificate[] chain, String alias, Path keystore, Date now)
            throws RemoteAccessException {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new RemoteAccessException("the key " + alias + " of the keystore " + keystore
                    + " has no X.509 certificate");
        }
        try {
            certificate.checkValidity(now);
            return certificate;
        } catch (CertificateExpiredException e) {
            throw new RemoteAccessException("the certificate of " + alias + " in " + keystore + " expired on "
                    + certificate.getNotAfter().toInstant() + "; install a new one");
        } catch (CertificateNotYetValidException e) {
            throw new RemoteAccessException("the certificate of " + alias + " in " + keystore
                    + " is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    private static TrustManager[] trustManagers(KeyStore truststore, Path file) throws RemoteAccessException {
        try {
            boolean anyCertificate = false;
            for (String alias : Collections.list(truststore.aliases())) {
                anyCertificate |= truststore.isCertificateEntry(alias);
            }
            if (!anyCertificate) {
                throw new RemoteAccessException("the truststore " + file + " holds no CA certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(truststore);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new RemoteAccessException("cannot use the truststore " + file + ": " + e.getMessage(), e);
        }
    }

    /** Holds the served key alone, so that the context cannot pick another entry of the keystore. */
    private static SSLContext context(String alias, PrivateKey key, Certificate[] chain, char[] password,
            TrustManager[] trust) throws RemoteAccessException {
        try {
            KeyStore served = KeyStore.getInstance("PKCS12");
            served.load(null, null);
            served.setKeyEntry(alias, key, password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(served, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new RemoteAccessException("cannot build a TLS context from the key " + alias + ": " + e.getMessage(),
                    e);
        }
    }
}
