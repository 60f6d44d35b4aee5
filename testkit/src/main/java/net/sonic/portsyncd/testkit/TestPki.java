package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for TLS tests, made with the JDK's {@code keytool} at test time into a directory of the test's own: a
 * CA, server keys for 127.0.0.1 and localhost issued by it, a client key issued by it, and a client key issued by
 * another CA that nothing trusts. Every store is PKCS12 with the one {@link #password()}; keys are EC P-256.
 */
public final class TestPki {
    private static final String VALIDITY_DAYS = "2";

    private final Path directory;
    private final String password;

    private TestPki(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /** Makes the CA, the first server key ({@code server.p12}) and the two client keys in {@code directory}. */
    public static TestPki create(Path directory, String password) throws IOException {
        Files.createDirectories(directory);
        TestPki pki = new TestPki(directory, password);
        pki.selfSigned("ca", "CN=portsyncd test CA");
        pki.selfSigned("rogue-ca", "CN=a CA nobody trusts");
        pki.export("ca", "ca.pem");
        pki.export("rogue-ca", "rogue-ca.pem");
        pki.keytool("-importcert", "-noprompt", "-keystore", pki.path("ca-truststore.p12").toString(), "-alias", "ca",
                "-file", pki.path("ca.pem").toString());
        pki.issue("ca", "server", "CN=127.0.0.1", "san=ip:127.0.0.1,dns:localhost", "serverAuth");
        pki.issue("ca", "client", "CN=nms", null, "clientAuth");
        pki.issue("rogue-ca", "untrusted-client", "CN=nms", null, "clientAuth");
        return pki;
    }

    public String password() {
        return password;
    }

    /** The CA certificate, PEM ({@code curl --cacert}). */
    public Path caPem() {
        return path("ca.pem");
    }

    /** The CA certificate alone in a PKCS12 truststore (a client's trust store, or the server's client CAs). */
    public Path caTruststore() {
        return path("ca-truststore.p12");
    }

    /** The server key for 127.0.0.1 and localhost, with its chain. */
    public Path serverKeystore() {
        return path("server.p12");
    }

    /** A client key issued by the CA. */
    public Path clientKeystore() {
        return path("client.p12");
    }

    /** A client key issued by a CA that is trusted nowhere. */
    public Path untrustedClientKeystore() {
        return path("untrusted-client.p12");
    }

    /** Another server key for 127.0.0.1 issued by the CA, in {@code <name>.p12}: a rotated certificate. */
    public Path newServerKeystore(String name) throws IOException {
        issue("ca", name, "CN=127.0.0.1 " + name, "san=ip:127.0.0.1,dns:localhost", "serverAuth");
        return path(name + ".p12");
    }

    private void selfSigned(String alias, String subject) {
        keytool("-genkeypair", "-keystore", path(alias + ".p12").toString(), "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", subject, "-validity", VALIDITY_DAYS, "-ext", "bc:c");
    }

    private void export(String alias, String pem) {
        keytool("-exportcert", "-rfc", "-keystore", path(alias + ".p12").toString(), "-alias", alias, "-file",
                path(pem).toString());
    }

    private void issue(String ca, String name, String subject, String san, String usage) throws IOException {
        Path keystore = path(name + ".p12");
        keytool("-genkeypair", "-keystore", keystore.toString(), "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", subject, "-validity", VALIDITY_DAYS);
        keytool("-certreq", "-keystore", keystore.toString(), "-alias", name, "-file", path(name + ".csr").toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-keystore", path(ca + ".p12").toString(),
                "-alias", ca, "-infile", path(name + ".csr").toString(), "-outfile", path(name + ".crt").toString(),
                "-validity", VALIDITY_DAYS, "-ext", "eku=" + usage));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(sign.toArray(new String[0]));
        Path chain = path(name + "-chain.pem");
        Files.writeString(chain, Files.readString(path(name + ".crt")) + Files.readString(path(ca + ".pem")));
        keytool("-importcert", "-noprompt", "-keystore", keystore.toString(), "-alias", name, "-file",
                chain.toString());
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(keytool(), arguments[0], "-storetype", "PKCS12", "-storepass",
                password));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        Processes.run(command);
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private Path path(String name) {
        return directory.resolve(name);
    }
}
