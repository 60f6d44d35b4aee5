package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import net.sonic.portsyncd.testkit.TestPki;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Remote NMS access over TLS on the running assembly ({@code bin/karaf server}), switched on as an operator does it:
 * etc/net.sonic.portsyncd.remote.cfg with address 127.0.0.1, a keystore made by keytool for this test, and the
 * keystore password in etc/portsyncd-tls.password. Clients are the JDK's own: its JMX client in a JVM of its own
 * with {@code -Djavax.net.ssl.*} set as for jconsole ({@link RemoteJmxClient}), jconsole's connection code, and curl
 * for Jolokia. Every case starts from the same served state (server TLS, no client certificate asked for) and puts
 * it back.
 */
public class RemoteAccessTlsTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final String LOOPBACK = "127.0.0.1";
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4");
    private static final int CONFIG_DB = 4;
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);
    /** A configuration change or a file change is picked up within seconds (Karaf polls etc/ each second). */
    private static final Duration APPLY_LIMIT = Duration.ofSeconds(60);
    private static final String STORE_PASSWORD = "itest-tls-store-Pw4k";
    private static final String SECRET = "portsyncd-tls.password";
    private static final String METRICS_ATTRIBUTE = "NetlinkReceivedCount";
    private static final String REMOTE_CFG = "net.sonic.portsyncd.remote.cfg";
    private static final String CONFIG_MBEAN = "org.apache.karaf:type=config,name=root";
    /** Karaf's file watcher looks at etc/ every second and takes a file once it is unchanged for a second. */
    private static final Duration REWRITE_AFTER = Duration.ofSeconds(5);

    private static Path work;
    private static TestPki pki;
    private static RedisServer redis;
    private static NetNs ns;
    private static KarafInstance karaf;
    private static Path keystore;
    private static int registryPort;
    private static int serverPort;
    private static int httpsPort;
    private static boolean failed;

    @Rule
    public final TestRule keepFilesOfAFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            failed = true;
        }
    };

    @BeforeClass
    public static void startTheContainerWithRemoteAccessOn() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "remote-tls-");
        try {
            pki = TestPki.create(work.resolve("pki"), STORE_PASSWORD);
            keystore = Files.createDirectories(work.resolve("tls")).resolve("server.p12");
            Files.copy(pki.serverKeystore(), keystore);
            redis = RedisServer.start();
            ns = NetNs.create("psd-tls");
            for (String port : PORTS) {
                redis.commandOn(CONFIG_DB, "HSET", "PORT|" + port, "lanes", port.substring("Ethernet".length()),
                        "speed", "100000", "mtu", "9100", "admin_status", "up");
            }
            karaf = KarafInstance.unpack(ASSEMBLY, work, redis.writeDatabaseConfig(work.resolve("database_config.json"),
                    true), ns.name(), work.resolve("state"));
            ContainerUsers.setIn(karaf.home());
            bootJolokiaAfterTheRest();
            int[] ports = freePorts(3);
            registryPort = ports[0];
            serverPort = ports[1];
            httpsPort = ports[2];
            writePassword(STORE_PASSWORD);
            write(configuration(Map.of()));
            copyTheJmxClient();
            karaf.start();
            Poll.until(BOOT_LIMIT, () -> !karaf.isRunning() || jrmpAnswers(registryPort, client(true, null))
                    && https(null, TestUsers.VIEWER, metricsUrl()).status() == 200,
                    () -> "TLS JMX and Jolokia over HTTPS; see " + karaf.logDirectory());
            assertTrue("the container is running", karaf.isRunning());
            assertFalse("installing portsyncd-jolokia after the other boot features stopped bundles to refresh them"
                    + " (SCR and the engine with them); see " + karaf.logDirectory(),
                    Files.readString(karaf.logDirectory().resolve("karaf.log")).contains("Stopping bundles:"));
        } catch (Exception | AssertionError e) {
            failed = true;
            if (karaf != null) {
                karaf.dumpThreads();
            }
            throw e;
        }
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (karaf != null) {
            karaf.stop();
        }
        if (ns != null) {
            ns.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (failed) {
            System.out.println("[RemoteAccessTlsTest] the container's files are kept in " + work);
        } else if (work != null) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
    }

    /** Server TLS only, the first keystore and the right password; waits until both doors answer so. */
    @Before
    public void served() throws Exception {
        try {
            Files.copy(pki.serverKeystore(), work.resolve("tls/restore.p12"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(work.resolve("tls/restore.p12"), keystore, StandardCopyOption.ATOMIC_MOVE);
            writePassword(STORE_PASSWORD);
            configure(Map.of());
            awaitServed(Optional.empty());
        } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
        }
    }

    @Test
    public void theJdkJmxClientOverTlsGetsTheRolesOfItsUser() throws Exception {
        List<String> viewer = jmx(TestUsers.VIEWER, "tls", trustingTheCa(),
                "read", Jmx.METRICS, METRICS_ATTRIBUTE,
                "read", "java.lang:type=Runtime", "Uptime",
                "read", Jmx.WARM_RESTART, "EoiuTimeoutSeconds",
                "write", Jmx.WARM_RESTART, "EoiuTimeoutSeconds", "30",
                "invoke", Jmx.PORTS, "resync",
                "invoke", "java.lang:type=Memory", "gc");
        assertEquals(viewer.toString(), "CONNECTED", viewer.get(0));
        assertTrue("viewer reads our MBeans: " + viewer, viewer.get(1).matches("OK \\d+"));
        assertTrue("viewer reads java.lang: " + viewer, viewer.get(2).matches("OK \\d+"));
        assertTrue("viewer reads the EOIU timeout: " + viewer, viewer.get(3).matches("OK \\d+"));
        assertRefused("viewer writes nothing", viewer.get(4));
        assertRefused("viewer runs no operation of ours", viewer.get(5));
        assertRefused("viewer runs no operation of java.lang", viewer.get(6));

        String timeout = viewer.get(3).substring("OK ".length());
        List<String> operator = jmx(TestUsers.OPERATOR, "tls", trustingTheCa(),
                "write", Jmx.WARM_RESTART, "EoiuTimeoutSeconds", timeout);
        assertEquals("the operator sets the EOIU timeout over TLS: " + operator, List.of("CONNECTED", "OK written"),
                operator);

        List<String> wrongPassword = jmx(new String[] {TestUsers.VIEWER[0], "not-the-password"}, "tls",
                trustingTheCa());
        assertTrue("a wrong password is refused: " + wrongPassword, wrongPassword.get(0).startsWith("NOT CONNECTED")
                && wrongPassword.get(0).contains("SecurityException"));

        List<String> jconsole = jmx(TestUsers.VIEWER, "jconsole", trustingTheCa(),
                "read", Jmx.METRICS, METRICS_ATTRIBUTE);
        assertEquals("jconsole <address>:<registry port> finds the TLS registry and stub by itself: " + jconsole,
                "TLS REGISTRY true TLS STUB true", jconsole.get(0));
        assertTrue("jconsole reads: " + jconsole, jconsole.get(2).matches("OK \\d+"));
    }

    @Test
    public void plainTextIsRefusedAndKarafsOwnConnectorAndPlainHttpAreClosed() throws Exception {
        List<String> plain = jmx(TestUsers.VIEWER, "plain", trustingTheCa());
        assertTrue("a plain-text registry lookup fails: " + plain, plain.get(0).startsWith("NOT CONNECTED"));
        assertFalse("a plain-text JRMP client gets no answer from the connector port",
                plainJrmpAnswers(serverPort));
        assertFalse("nor from the registry port", plainJrmpAnswers(registryPort));

        Properties management = load("org.apache.karaf.management.cfg");
        for (String key : List.of("rmiRegistryPort", "rmiServerPort")) {
            int port = Integer.parseInt(management.getProperty(key).trim());
            assertFalse("Karaf's own connector (" + key + " " + port + ") does not listen", listening(port));
        }

        int httpPort = Integer.parseInt(load("org.ops4j.pax.web.cfg").getProperty("org.osgi.service.http.port").trim());
        assertFalse("plain HTTP (" + httpPort + ") does not listen", listening(httpPort));
        Processes.Result http = Processes.tryRun(List.of("curl", "-sS", "--max-time", "10", "-u", user(TestUsers.VIEWER),
                "http://" + LOOPBACK + ":" + httpsPort + "/jolokia/read/" + Jmx.METRICS + "/" + METRICS_ATTRIBUTE), null);
        assertTrue("plain http:// to the HTTPS port gets no answer: " + http, http.exitCode() != 0
                && !http.output().contains("\"status\":200"));
    }

    /** Karaf opens its connector again whenever its management configuration changes: it is closed again. */
    @Test
    public void karafsOwnConnectorIsClosedAgainWhenKarafReopensIt() throws Exception {
        Properties management = load("org.apache.karaf.management.cfg");
        int karafRegistry = Integer.parseInt(management.getProperty("rmiRegistryPort").trim());
        int karafServer = Integer.parseInt(management.getProperty("rmiServerPort").trim());
        long closedBefore = logCount("Karaf's own JMX connector connector:name=rmi is closed");

        List<String> admin = jmx(TestUsers.ADMIN, "tls", trustingTheCa(),
                "call", CONFIG_MBEAN, "setProperty", "3", "org.apache.karaf.management", "daemon", "true");
        assertEquals("the admin changes Karaf's management configuration over TLS: " + admin,
                List.of("CONNECTED", "OK null"), admin);

        Poll.until(APPLY_LIMIT, () -> logCount("Karaf's own JMX connector connector:name=rmi is closed") > closedBefore,
                () -> "Karaf's reopened connector closed again; see " + karaf.logDirectory());
        Poll.until(APPLY_LIMIT, () -> !listening(karafRegistry) && !listening(karafServer),
                "Karaf's registry and connector ports to close again");
        List<String> viewer = jmx(TestUsers.VIEWER, "tls", trustingTheCa(), "read", Jmx.METRICS, METRICS_ATTRIBUTE);
        assertTrue("TLS JMX serves on: " + viewer, viewer.get(1).matches("OK \\d+"));
    }

    @Test
    public void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        List<String> jmx = jmx(TestUsers.VIEWER, "tls", List.of());
        assertTrue("JMX without the CA: " + jmx, jmx.get(0).startsWith("NOT CONNECTED")
                && jmx.get(0).contains("SSLHandshakeException"));
        Processes.Result curl = Processes.tryRun(List.of("curl", "-sS", "--max-time", "10", "-u", user(TestUsers.VIEWER),
                metricsUrl()), null);
        assertEquals("curl without --cacert: certificate problem (60): " + curl, 60, curl.exitCode());
    }

    @Test
    public void jolokiaOverHttpsHasTheUsersAndRolesOfJmx() throws Exception {
        Response viewer = https(null, TestUsers.VIEWER, metricsUrl());
        assertEquals(viewer.body(), 200, viewer.status());
        assertTrue(viewer.body(), viewer.body().contains("\"value\":"));

        Response write = https(null, TestUsers.VIEWER, "https://" + LOOPBACK + ":" + httpsPort
                + "/jolokia/write/" + Jmx.WARM_RESTART + "/EoiuTimeoutSeconds/30");
        assertTrue("viewer writes nothing over HTTPS: " + write, !write.body().contains("\"status\":200"));
        assertEquals(401, https(null, new String[] {TestUsers.VIEWER[0], "not-the-password"}, metricsUrl())
                .status());
        assertEquals(401, https(null, null, metricsUrl()).status());
    }

    @Test
    public void withClientCertificatesOnlyAClientOfTheCaGetsInAndStillNeedsItsPassword() throws Exception {
        configure(Map.of("truststore.path", pki.caTruststore().toString()));
        awaitServed(Optional.of(pki.clientKeystore()));

        assertEquals(200, https(pki.clientKeystore(), TestUsers.VIEWER, metricsUrl()).status());
        assertEquals("a client certificate does not replace the password", 401,
                https(pki.clientKeystore(), new String[] {TestUsers.VIEWER[0], "not-the-password"}, metricsUrl())
                        .status());
        Response noCertificate = https(null, TestUsers.VIEWER, metricsUrl());
        assertEquals("HTTPS without a client certificate: " + noCertificate, -1, noCertificate.status());
        Response untrusted = https(pki.untrustedClientKeystore(), TestUsers.VIEWER, metricsUrl());
        assertEquals("HTTPS with a certificate of another CA: " + untrusted, -1, untrusted.status());

        List<String> withKey = jmx(TestUsers.VIEWER, "tls", presenting(pki.clientKeystore()),
                "read", Jmx.METRICS, METRICS_ATTRIBUTE);
        assertEquals("CONNECTED", withKey.get(0));
        assertTrue(withKey.toString(), withKey.get(1).matches("OK \\d+"));
        List<String> jconsole = jmx(TestUsers.VIEWER, "jconsole", presenting(pki.clientKeystore()));
        assertEquals("jconsole with -J-Djavax.net.ssl.keyStore: " + jconsole, "CONNECTED", jconsole.get(1));
        List<String> withoutKey = jmx(TestUsers.VIEWER, "tls", trustingTheCa());
        assertTrue("JMX without a client certificate: " + withoutKey, withoutKey.get(0).startsWith("NOT CONNECTED"));
        List<String> otherCa = jmx(TestUsers.VIEWER, "tls", presenting(pki.untrustedClientKeystore()));
        assertTrue("JMX with a certificate of another CA: " + otherCa, otherCa.get(0).startsWith("NOT CONNECTED"));
        List<String> wrongPassword = jmx(new String[] {TestUsers.VIEWER[0], "not-the-password"}, "tls",
                presenting(pki.clientKeystore()));
        assertTrue("JMX with a client certificate and a wrong password: " + wrongPassword,
                wrongPassword.get(0).startsWith("NOT CONNECTED") && wrongPassword.get(0).contains("SecurityException"));
        assertFalse("the connector port too wants the certificate", jrmpAnswers(serverPort, client(true, null)));
        assertTrue(jrmpAnswers(serverPort, client(true, pki.clientKeystore())));
    }

    @Test
    public void aRotatedCertificateIsServedAndOneThatCannotBeUsedKeepsThePrevious() throws Exception {
        assertEquals("CN=127.0.0.1", servedSubject(registryPort));

        Path broken = work.resolve("tls/broken.p12");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(pki.serverKeystore()), 100));
        Files.move(broken, keystore, StandardCopyOption.ATOMIC_MOVE);
        Poll.until(APPLY_LIMIT, () -> activeAlarms().contains("text=Remote access keeps its previous certificate"),
                () -> "the refused keystore on the alarm; active " + activeAlarms() + "\nlog:\n" + remoteLog());
        assertTrue(activeAlarms(), activeAlarms().contains("severity=MINOR"));
        assertTrue(activeAlarms(), activeAlarms().contains(keystore.toString()));
        assertEquals("the previous certificate is still served", "CN=127.0.0.1", servedSubject(registryPort));

        Path rotated = pki.newServerKeystore("rotated");
        Files.copy(rotated, work.resolve("tls/next.p12"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(work.resolve("tls/next.p12"), keystore, StandardCopyOption.ATOMIC_MOVE);
        Poll.until(APPLY_LIMIT, () -> "CN=127.0.0.1 rotated".equals(servedSubject(registryPort))
                && "CN=127.0.0.1 rotated".equals(servedSubject(httpsPort)),
                () -> "the rotated certificate on JMX and HTTPS; JMX serves " + servedSubject(registryPort)
                        + ", HTTPS " + servedSubject(httpsPort));
        assertEquals("CN=127.0.0.1 rotated", servedSubject(serverPort));
        Poll.until(APPLY_LIMIT, () -> !activeAlarms().contains("remote-access-failed"),
                () -> "the alarm cleared; active " + activeAlarms());
    }

    @Test
    public void valuesThatCannotBeServedCloseEverythingAndSayWhy() throws Exception {
        Path missing = work.resolve("tls/missing.p12");
        configure(Map.of("keystore.path", missing.toString()));
        awaitClosed("Remote access is closed: the keystore " + missing + " is missing");

        writePassword("not-the-store-password");
        configure(Map.of());
        awaitClosed("Remote access is closed: the keystore " + keystore + " does not open as PKCS12");

        writePassword(STORE_PASSWORD, "rw-r--r--");
        awaitClosed("is open to group or others");

        writePassword(STORE_PASSWORD);
        configure(Map.of("address", "192.0.2.1"));
        awaitClosed("Remote access is closed: address = 192.0.2.1 (192.0.2.1) is not an address of this host");

        configure(Map.of());
        awaitServed(Optional.empty());
    }

    @Test
    public void theKeystorePasswordIsInNoConfigurationAndNoSystemProperty() throws Exception {
        List<String> admin = jmx(TestUsers.ADMIN, "tls", trustingTheCa(),
                "call", CONFIG_MBEAN, "listProperties", "1", "org.ops4j.pax.web",
                "call", CONFIG_MBEAN, "listProperties", "1", "net.sonic.portsyncd.remote",
                "read", "java.lang:type=Runtime", "SystemProperties");
        assertEquals(admin.toString(), "CONNECTED", admin.get(0));
        assertTrue("Jetty is given the password as a placeholder: " + admin.get(1),
                admin.get(1).contains("org.ops4j.pax.web.ssl.keystore.password=$[secret:" + SECRET + "]"));
        for (String line : admin) {
            assertFalse("the password shows through JMX: " + line, line.contains(STORE_PASSWORD));
        }
        try (Stream<Path> files = Files.list(karaf.home().resolve("etc"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(SECRET)) {
                    assertFalse(file + " holds the keystore password", Files.readString(file,
                            java.nio.charset.StandardCharsets.ISO_8859_1).contains(STORE_PASSWORD));
                }
            }
        }
    }

    // --- the container's configuration --------------------------------------------------------------------------

    /**
     * The served configuration with {@code changes} over it, written to etc/ as an operator edits the file; returns
     * once Karaf has handed it to Config Admin.
     */
    private static void configure(Map<String, String> changes) {
        String content = configuration(changes);
        if (holds(content)) {
            return;
        }
        long taken = fileinstallUpdates();
        write(content);
        // Karaf saves each configuration back to its file when Config Admin reports its update, and then takes the
        // file as read: an edit landing before that report of the previous edit is overwritten, or not seen, as an
        // operator's would be. The edit is made again then, as an operator would make it again.
        long[] writtenAt = {System.nanoTime()};
        Poll.until(APPLY_LIMIT, () -> {
            if (fileinstallUpdates() > taken && holds(content)) {
                return true;
            }
            if (!holds(content) || System.nanoTime() - writtenAt[0] > REWRITE_AFTER.toNanos()) {
                write(content);
                writtenAt[0] = System.nanoTime();
            }
            return false;
        }, () -> "Karaf to take etc/" + REMOTE_CFG);
    }

    private static String configuration(Map<String, String> changes) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("enabled", "true");
        values.put("address", LOOPBACK);
        values.put("jmx.registry.port", Integer.toString(registryPort));
        values.put("jmx.server.port", Integer.toString(serverPort));
        values.put("https.port", Integer.toString(httpsPort));
        values.put("keystore.path", keystore.toString());
        values.put("check.interval.seconds", "1");
        values.putAll(changes);
        StringBuilder text = new StringBuilder("# written by RemoteAccessTlsTest\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }

    private static boolean holds(String content) {
        try {
            return Files.readString(karaf.home().resolve("etc").resolve(REMOTE_CFG)).equals(content);
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(String content) {
        Path file = karaf.home().resolve("etc").resolve(REMOTE_CFG);
        Path next = file.resolveSibling(REMOTE_CFG + ".next");
        try {
            Files.writeString(next, content);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many times Karaf's file watcher has handed etc/net.sonic.portsyncd.remote.cfg to Config Admin. */
    private static long fileinstallUpdates() {
        try (Stream<String> lines = Files.lines(karaf.logDirectory().resolve("karaf.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains("Updating configuration {net.sonic.portsyncd.remote}")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void writePassword(String password) throws IOException {
        writePassword(password, "rw-------");
    }

    /** Replaced at once (a file of its own moved over the old one), as the component may read it any second. */
    private static void writePassword(String password, String mode) throws IOException {
        Path file = karaf.home().resolve("etc").resolve(SECRET);
        Path next = file.resolveSibling(SECRET + ".next");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, password + "\n");
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString(mode));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Jolokia comes after the boot features (a stage of its own, as Karaf installs feature stages one after the
     * other): its configuration files need the features service's URL handlers up.
     */
    private static void bootJolokiaAfterTheRest() throws IOException {
        Path file = karaf.home().resolve("etc/org.apache.karaf.features.cfg");
        Properties features = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            features.load(reader);
        }
        String boot = features.getProperty("featuresBoot").trim();
        List<String> lines = new ArrayList<>();
        boolean inBoot = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("featuresBoot")) {
                inBoot = true;
            }
            if (!inBoot) {
                lines.add(line);
            } else if (!line.endsWith("\\")) {
                inBoot = false;
            }
        }
        lines.add("featuresBoot = (" + boot + "), (portsyncd-jolokia)");
        Files.write(file, lines);
    }

    private static Properties load(String etcFile) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(karaf.home().resolve("etc").resolve(etcFile))) {
            properties.load(reader);
        }
        return properties;
    }

    // --- waiting on the container -------------------------------------------------------------------------------

    /**
     * JMX (both ports) and HTTPS answer TLS with {@code clientKey}, and answer a client without a certificate only
     * when none is asked for: Jetty restarts some time after JMX changed, so both are waited for.
     */
    private static void awaitServed(Optional<Path> clientKey) {
        boolean certificateAsked = clientKey.isPresent();
        Poll.until(APPLY_LIMIT, () -> jrmpAnswers(registryPort, client(true, clientKey.orElse(null)))
                && jrmpAnswers(serverPort, client(true, clientKey.orElse(null)))
                && jrmpAnswers(registryPort, client(true, null)) == !certificateAsked
                && jrmpAnswers(serverPort, client(true, null)) == !certificateAsked
                && https(null, TestUsers.VIEWER, metricsUrl()).status() == (certificateAsked ? -1 : 200)
                && https(clientKey.orElse(null), TestUsers.VIEWER, metricsUrl()).status() == 200,
                () -> "remote access served " + (clientKey.isPresent() ? "with" : "without")
                        + " client certificates; see " + karaf.logDirectory());
    }

    /** Nothing listens on any JMX or HTTP port, and the log says why. */
    private static void awaitClosed(String logged) throws IOException {
        Poll.until(APPLY_LIMIT, () -> logContains(logged),
                () -> "the ERROR line '" + logged + "' in " + karaf.logDirectory());
        Poll.until(APPLY_LIMIT, () -> !listening(registryPort) && !listening(serverPort) && !listening(httpsPort),
                "the TLS listeners to close");
        Properties management = load("org.apache.karaf.management.cfg");
        for (String port : List.of(management.getProperty("rmiRegistryPort"), management.getProperty("rmiServerPort"),
                load("org.ops4j.pax.web.cfg").getProperty("org.osgi.service.http.port"))) {
            assertFalse("no plain-text listener opens instead: " + port, listening(Integer.parseInt(port.trim())));
        }
    }

    private static long logCount(String text) {
        try (Stream<String> lines = Files.lines(karaf.logDirectory().resolve("karaf.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean logContains(String text) {
        try (Stream<String> lines = Files.lines(karaf.logDirectory().resolve("karaf.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains("ERROR") && line.contains(text));
        } catch (IOException e) {
            return false;
        }
    }

    /** The lines of portsyncd-remote in the container's log, for a failure's message. */
    private static String remoteLog() {
        try (Stream<String> lines = Files.lines(karaf.logDirectory().resolve("karaf.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return String.join("\n", lines.filter(line -> line.contains("portsyncd-remote")).toList());
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The active alarms as the viewer reads them over TLS JMX (the table's text). */
    private static String activeAlarms() {
        try {
            List<String> answer = jmx(TestUsers.VIEWER, "tls", trustingTheCa(), "read", Jmx.ALARMS, "ActiveAlarms");
            return String.join("\n", answer);
        } catch (IOException e) {
            return e.toString();
        }
    }

    // --- clients --------------------------------------------------------------------------------------------------

    /** {@link RemoteJmxClient} in a JVM of its own with {@code tls} options; its output lines. */
    private static List<String> jmx(String[] user, String mode, List<String> tls, String... actions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "--add-opens", "jdk.jconsole/sun.tools.jconsole=ALL-UNNAMED"));
        command.addAll(tls);
        command.addAll(List.of("-cp", work.resolve("client").toString(),
                RemoteJmxClient.class.getName(), mode.equals("jconsole") ? LOOPBACK + ":" + registryPort
                        : "service:jmx:rmi:///jndi/rmi://" + LOOPBACK + ":" + registryPort + "/jmxrmi",
                user[0], user[1], mode));
        command.addAll(List.of(actions));
        return List.of(Processes.tryRun(command, null).output().split("\n"));
    }

    /** A classpath of its own for the client JVMs: the module's test classes may be rebuilt while this runs. */
    private static void copyTheJmxClient() throws IOException {
        String name = RemoteJmxClient.class.getName().replace('.', '/') + ".class";
        Path copy = work.resolve("client").resolve(name);
        Files.createDirectories(copy.getParent());
        try (var in = RemoteJmxClient.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, copy);
        }
    }

    private static List<String> trustingTheCa() {
        return List.of("-Djavax.net.ssl.trustStore=" + pki.caTruststore(),
                "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD);
    }

    private static List<String> presenting(Path clientKey) {
        List<String> options = new ArrayList<>(trustingTheCa());
        options.addAll(List.of("-Djavax.net.ssl.keyStore=" + clientKey,
                "-Djavax.net.ssl.keyStorePassword=" + STORE_PASSWORD, "-Djavax.net.ssl.keyStoreType=PKCS12"));
        return options;
    }

    private record Response(int status, String body) {
    }

    /** {@code curl --cacert <the CA>}, presenting {@code clientKey} when given; status -1 when TLS failed. */
    private static Response https(Path clientKey, String[] user, String url) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}",
                "--cacert", pki.caPem().toString()));
        if (clientKey != null) {
            command.addAll(List.of("--cert-type", "P12", "--cert", clientKey + ":" + STORE_PASSWORD));
        }
        if (user != null) {
            command.addAll(List.of("-u", user(user)));
        }
        command.add(url);
        Processes.Result result = Processes.tryRun(command, null);
        if (result.exitCode() != 0) {
            return new Response(-1, result.output());
        }
        int newline = result.output().lastIndexOf('\n');
        return new Response(Integer.parseInt(result.output().substring(newline + 1).trim()),
                result.output().substring(0, newline));
    }

    private static String metricsUrl() {
        return "https://" + LOOPBACK + ":" + httpsPort + "/jolokia/read/" + Jmx.METRICS + "/" + METRICS_ATTRIBUTE;
    }

    private static String user(String[] user) {
        return user[0] + ":" + user[1];
    }

    /** A TLS context of this JVM trusting the test CA ({@code trustCa}) and presenting {@code clientKey}. */
    private static SSLContext client(boolean trustCa, Path clientKey) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustCa ? store(pki.caTruststore()) : null);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientKey == null ? null : store(clientKey), STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKey == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore store(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    /**
     * Whether an RMI endpoint answers a JRMP handshake over TLS with {@code context}: the header
     * {@code JRMI}, version 2, stream protocol, answered by ProtocolAck (0x4e). With TLS 1.3 a refused client
     * certificate only shows at the first read, which this does.
     */
    private static boolean jrmpAnswers(int port, SSLContext context) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            return jrmpAck(socket);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean plainJrmpAnswers(int port) {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            return jrmpAck(socket);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean jrmpAck(Socket socket) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(0x4a524d49);
        out.writeShort(2);
        out.writeByte(0x4b);
        out.flush();
        return socket.getInputStream().read() == 0x4e;
    }

    /** The subject of the certificate served on {@code port}; null when no TLS handshake succeeds. */
    private static String servedSubject(int port) {
        try (SSLSocket socket = (SSLSocket) client(true, null).getSocketFactory().createSocket(LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(LOOPBACK, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void assertRefused(String what, String line) {
        assertTrue(what + ": " + line, line.startsWith("REFUSED") && line.contains("SecurityException"));
    }
}
