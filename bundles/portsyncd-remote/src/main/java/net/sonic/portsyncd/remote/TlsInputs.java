package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bytes TLS is built from, read once so that what is checked is what is used: the keystore, the truststore and
 * the password. {@link #signature()} changes when any of them does, which is how a rotation is noticed.
 */
final class TlsInputs {
    private static final long MAX_STORE_BYTES = 1 << 20;

    private final byte[] keystore;
    private final Optional<byte[]> truststore;
    private final char[] password;

    private TlsInputs(byte[] keystore, Optional<byte[]> truststore, char[] password) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.password = password;
    }

    static TlsInputs read(TlsSettings settings) throws RemoteAccessException {
        char[] password = SecretFile.read(settings.secretsDirectory(), settings.passwordSecret());
        byte[] keystore = store("keystore", settings.keystore());
        Optional<byte[]> truststore = Optional.empty();
        if (settings.truststore().isPresent()) {
            truststore = Optional.of(store("truststore", settings.truststore().get()));
        }
        return new TlsInputs(keystore, truststore, password);
    }

    byte[] keystore() {
        return keystore;
    }

    Optional<byte[]> truststore() {
        return truststore;
    }

    char[] password() {
        return password;
    }

    /** Of everything, the password included; kept in memory only. */
    String signature() {
        MessageDigest digest = stores();
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        digest.update(encoded);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Of the two stores only: safe to show, since it says nothing of the password. */
    String storesFingerprint() {
        return HexFormat.of().formatHex(stores().digest());
    }

    private MessageDigest stores() {
        MessageDigest digest = sha256();
        digest.update(keystore);
        digest.update((byte) 0);
        truststore.ifPresent(digest::update);
        digest.update((byte) 0);
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] store(String what, Path file) throws RemoteAccessException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new RemoteAccessException("the " + what + " " + file + " is "
                        + (Files.exists(file) ? "not a regular file" : "missing"));
            }
            if (Files.size(file) > MAX_STORE_BYTES) {
                throw new RemoteAccessException("the " + what + " " + file + " is larger than " + MAX_STORE_BYTES
                        + " bytes; refused");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RemoteAccessException("the " + what + " " + file + " is missing");
        } catch (IOException e) {
            throw new RemoteAccessException("cannot read the " + what + " " + file + ": " + e, e);
        }
    }
}
