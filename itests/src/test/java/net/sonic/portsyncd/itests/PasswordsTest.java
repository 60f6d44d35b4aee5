package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.Test;

/**
 * No usable default secret. A distribution has no user; its first {@code bin/karaf server} (as a supervisor runs
 * it) gives admin, operator and viewer random passwords before the JVM starts, prints them once and keeps them in
 * {@code etc/initial-credentials} (0600); {@code users.properties} is 0600 and holds only SHA-512 hashes. Karaf's
 * and the former defaults are refused over JMX and SSH. A second start generates and prints nothing;
 * {@code bin/portsyncd-passwd} changes a password for the running container at once. The command never writes
 * through a symbolic link nor leaves a secret readable by others. Plain test: the assembly runs as
 * {@code bin/karaf server}.
 */
public class PasswordsTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz")).toAbsolutePath();
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    private static final List<String> USERS = List.of("admin", "operator", "viewer");
    private static final Map<String, String> GROUPS = Map.of("admin", "_g_:admingroup", "operator",
            "_g_:operatorgroup", "viewer", "_g_:viewergroup");
    private static final Pattern USER_LINE = Pattern.compile("(\\w+) = \\{CRYPT\\}([0-9a-f]{128})\\{CRYPT\\},(\\S+)");
    private static final String OWNER_ONLY = "rw-------";

    @Test
    public void noDefaultPasswordWorksTheFirstStartGivesRandomOnesOnceAndTheCommandChangesThem() throws Exception {
        Path work = Files.createTempDirectory("portsyncd-passwords-");
        try (RedisServer redis = RedisServer.start();
                NetNs ns = NetNs.create("psd-pw");
                KarafInstance karaf = KarafInstance.unpack(ASSEMBLY, work,
                        redis.writeDatabaseConfig(work.resolve("database_config.json"), true), ns.name(),
                        work.resolve("state"))) {
            Path home = karaf.home();
            Path users = home.resolve("etc/users.properties");
            Path credentials = home.resolve("etc/initial-credentials");
            assertEquals("the distribution has no user", Map.of(), userLines(users));

            karaf.start();
            Poll.until(BOOT_LIMIT, () -> !karaf.isRunning() || Files.exists(credentials), "etc/initial-credentials");
            Map<String, String> generated = passwords(credentials);
            assertEquals("a password for each user of the distribution", USERS, List.copyOf(generated.keySet()));
            awaitJmx(karaf, "admin", generated.get("admin"));

            for (String[] guess : new String[][] {{"karaf", "karaf"}, {"viewer", "viewer"}, {"admin", ""},
                    {"admin", "admin"}, {"operator", "operator"}, {"admin", "karaf"}}) {
                assertJmxRefused(karaf, guess[0], guess[1]);
            }
            for (String user : USERS) {
                String password = generated.get(user);
                assertTrue(user + "'s password is random: 24 letters and digits, " + password,
                        password.matches("[A-Za-z0-9]{24}"));
                assertJmxAccepted(karaf, user, password);
            }
            assertEquals("three different passwords", 3, generated.values().stream().distinct().count());

            String console = Files.readString(karaf.consoleOutput());
            for (String password : generated.values()) {
                assertEquals("printed once on the console: " + console, 1, occurrences(console, password));
            }
            assertEquals(OWNER_ONLY, mode(credentials));
            assertEquals(OWNER_ONLY, mode(users));
            Map<String, String[]> stored = userLines(users);
            assertEquals(USERS, List.copyOf(stored.keySet()));
            for (String user : USERS) {
                assertEquals(user + "'s stored form is the SHA-512 of its password", sha512(generated.get(user)),
                        stored.get(user)[0]);
                assertEquals(user + "'s group", GROUPS.get(user), stored.get(user)[1]);
            }
            assertJmxRefused(karaf, "admin", "{CRYPT}" + stored.get("admin")[0] + "{CRYPT}");
            assertJmxRefused(karaf, "admin", stored.get("admin")[0]);
            for (String password : generated.values()) {
                assertEquals("the password is in no file but etc/initial-credentials",
                        List.of(credentials), filesContaining(home, password));
            }

            assertSshAccepted(home, "admin", generated.get("admin"));
            assertSshRefused(home, "karaf", "karaf");
            assertSshRefused(home, "viewer", "viewer");
            assertEquals("ssh's host key", OWNER_ONLY, mode(home.resolve("etc/host.key")));

            String usersBefore = Files.readString(users);
            String credentialsBefore = Files.readString(credentials);
            assertTrue("bin/stop ended the container", karaf.stop() >= 0);
            karaf.start();
            awaitJmx(karaf, "admin", generated.get("admin"));
            String secondConsole = Files.readString(karaf.consoleOutput());
            for (String password : generated.values()) {
                assertEquals("not printed again: " + secondConsole, 0, occurrences(secondConsole, password));
            }
            assertFalse(secondConsole, secondConsole.contains("first start"));
            assertEquals("no new passwords at the second start", usersBefore, Files.readString(users));
            assertEquals(credentialsBefore, Files.readString(credentials));

            String chosen = "a chosen viewer password";
            ContainerUsers.setPassword(home, "viewer", chosen);
            assertJmxAccepted(karaf, "viewer", chosen);
            assertJmxRefused(karaf, "viewer", generated.get("viewer"));
            String printed = Processes.run(List.of(home.resolve("bin/portsyncd-passwd").toString(), "admin"));
            Matcher shown = Pattern.compile("^admin = ([A-Za-z0-9]{24})$", Pattern.MULTILINE).matcher(printed);
            assertTrue("the new random password is printed: " + printed, shown.find());
            assertJmxAccepted(karaf, "admin", shown.group(1));
            assertJmxRefused(karaf, "admin", generated.get("admin"));
            assertJmxAccepted(karaf, "operator", generated.get("operator"));
            assertEquals("the group is kept", GROUPS.get("admin"), userLines(users).get("admin")[1]);
            assertEquals(OWNER_ONLY, mode(users));
            assertEquals("etc/initial-credentials lists only the first-start passwords that still work",
                    Map.of("operator", generated.get("operator")), passwords(credentials));
            assertEquals("nothing left behind in etc/", List.of(), leftovers(home.resolve("etc")));
            assertTrue("bin/stop ended the container", karaf.stop() >= 0);
        }
        Processes.run(List.of("rm", "-rf", work.toString()));
    }

    @Test
    public void thePasswordCommandRefusesLinksWeakPasswordsAndUnknownUsersAndLeavesNothingReadableByOthers()
            throws Exception {
        Path work = Files.createTempDirectory("portsyncd-passwd-");
        Processes.run(List.of("tar", "-xzf", ASSEMBLY.toString(), "-C", work.toString()));
        Path home = work.resolve(ASSEMBLY.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
        Path etc = home.resolve("etc");
        Path users = etc.resolve("users.properties");
        Path credentials = etc.resolve("initial-credentials");
        Path victim = Files.writeString(work.resolve("victim"), "not portsyncd's\n");
        String shipped = Files.readString(users);

        Files.move(users, work.resolve("users.properties.real"));
        Files.createSymbolicLink(users, victim);
        assertRefused(start(home), "symbolic link");
        assertEquals("nothing written through the link", "not portsyncd's\n", Files.readString(victim));
        assertFalse("no password generated", Files.exists(credentials, LinkOption.NOFOLLOW_LINKS));
        assertRefused(passwd(home, "viewer", "a long enough password"), "symbolic link");
        Files.delete(users);
        Files.move(work.resolve("users.properties.real"), users);

        Files.createSymbolicLink(credentials, victim);
        assertRefused(start(home), "symbolic link");
        assertEquals("nothing written through the link", "not portsyncd's\n", Files.readString(victim));
        assertEquals("no user added", shipped, Files.readString(users));
        Files.delete(credentials);

        Processes.run(List.of("chmod", "644", users.toString()));
        Processes.Result first = start(home);
        assertEquals(first.output(), 0, first.exitCode());
        assertEquals("written 0600 under umask 000", OWNER_ONLY, mode(users));
        assertEquals("written 0600 under umask 000", OWNER_ONLY, mode(credentials));
        String withUsers = Files.readString(users);

        for (String[] refused : new String[][] {{"viewer", "short pass"}, {"viewer", "tab\tinside the password"},
                {"viewer", "caf\u00e9 au lait password"}, {"nobody", "a long enough password"},
                {"../etc/passwd", "a long enough password"}, {"_g_:admingroup", "a long enough password"}}) {
            assertRefused(passwd(home, refused[0], refused[1]), "");
            assertEquals("users.properties unchanged after " + refused[0], withUsers, Files.readString(users));
        }

        Processes.run(List.of("chmod", "644", users.toString(), credentials.toString()));
        Path hostKey = Files.writeString(etc.resolve("host.key"), "-----BEGIN PRIVATE KEY-----\n");
        Path keystorePassword = Files.writeString(etc.resolve("portsyncd-tls.password"), "changeit\n");
        Processes.run(List.of("chmod", "644", hostKey.toString(), keystorePassword.toString(), victim.toString()));
        Path keystore = Files.createSymbolicLink(etc.resolve("server.p12"), victim);
        Processes.Result again = start(home);
        assertEquals(again.output(), 0, again.exitCode());
        assertFalse("no new passwords once there are users: " + again.output(), again.output().contains("first start"));
        assertEquals(withUsers, Files.readString(users));
        for (Path secret : List.of(users, credentials, hostKey, keystorePassword)) {
            assertEquals(secret + " made 0600 at a start", OWNER_ONLY, mode(secret));
        }
        assertEquals("a link's target is left alone", "rw-r--r--", mode(victim));
        assertTrue(Files.isSymbolicLink(keystore));
        assertEquals("nothing left behind in etc/", List.of(), leftovers(etc));
        Processes.run(List.of("rm", "-rf", work.toString()));
    }

    /** {@code bin/portsyncd-passwd --start} as bin/setenv runs it, under umask 000 to show it sets its own. */
    private static Processes.Result start(Path home) {
        return Processes.tryRun(List.of("sh", "-c", "umask 000; exec \"$0\" --start",
                home.resolve("bin/portsyncd-passwd").toString()), null);
    }

    private static Processes.Result passwd(Path home, String user, String password) {
        return Processes.tryRun(List.of(home.resolve("bin/portsyncd-passwd").toString(), "--stdin", user),
                password + "\n");
    }

    private static void assertRefused(Processes.Result result, String reason) {
        assertNotEquals("refused: " + result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains(reason));
    }

    private static void awaitJmx(KarafInstance karaf, String user, String password) {
        Poll.until(BOOT_LIMIT, () -> {
            if (!karaf.isRunning()) {
                return true;
            }
            try (JMXConnector ignored = jmx(karaf, user, password)) {
                return true;
            } catch (IOException | SecurityException notYet) {
                return false;
            }
        }, () -> "a JMX login as " + user + "; see " + karaf.logDirectory());
        assertTrue("the container is running; see " + karaf.consoleOutput(), karaf.isRunning());
    }

    private static JMXConnector jmx(KarafInstance karaf, String user, String password) throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(karaf.jmxServiceUrl()),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private static void assertJmxAccepted(KarafInstance karaf, String user, String password) throws IOException {
        try (JMXConnector connector = jmx(karaf, user, password)) {
            assertTrue(connector.getMBeanServerConnection().getMBeanCount() > 0);
        }
    }

    private static void assertJmxRefused(KarafInstance karaf, String user, String password) throws IOException {
        try (JMXConnector ignored = jmx(karaf, user, password)) {
            fail("a JMX login as " + user + "/" + password + " was accepted");
        } catch (SecurityException refused) {
            // Karaf's JAAS realm refused it
        }
    }

    /** Karaf's own SSH client, {@code bin/client -b} with {@code system:name} on its standard input. */
    private static Processes.Result ssh(Path home, String user, String password) throws IOException {
        String port = properties(home.resolve("etc/org.apache.karaf.shell.cfg")).getProperty("sshPort").trim();
        return Processes.tryRun(List.of(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a", port,
                "-u", user, "-p", password, "-b"), "system:name\n");
    }

    private static void assertSshAccepted(Path home, String user, String password) throws IOException {
        Processes.Result result = ssh(home, user, password);
        assertEquals("ssh as " + user + ": " + result.output(), 0, result.exitCode());
        assertTrue("the command ran: " + result.output(), result.output().lines().anyMatch("root"::equals));
    }

    private static void assertSshRefused(Path home, String user, String password) throws IOException {
        Processes.Result result = ssh(home, user, password);
        assertNotEquals("ssh as " + user + "/" + password + " refused: " + result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("No more authentication methods available"));
    }

    /** The user lines of etc/initial-credentials, in order. */
    private static Map<String, String> passwords(Path credentials) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(credentials)) {
            if (!line.startsWith("#") && line.contains(" = ")) {
                passwords.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3));
            }
        }
        return passwords;
    }

    /** User to hash and groups, for every user line of users.properties; a line with anything else fails. */
    private static Map<String, String[]> userLines(Path users) throws IOException {
        Map<String, String[]> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(users)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("_g_")) {
                continue;
            }
            Matcher matcher = USER_LINE.matcher(line);
            assertTrue("a user line holds a SHA-512 hash and a group, nothing else: " + line, matcher.matches());
            lines.put(matcher.group(1), new String[] {matcher.group(2), matcher.group(3)});
        }
        return lines;
    }

    private static String sha512(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                .digest(password.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The files under the configuration and the logs that contain {@code text}. */
    private static List<Path> filesContaining(Path home, String text) throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(home.resolve("etc")), Files.walk(home.resolve("data/log")))) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    /** Temporary files of the command (users.properties.XXXXXX, initial-credentials.XXXXXX). */
    private static List<Path> leftovers(Path etc) throws IOException {
        try (Stream<Path> files = Files.list(etc)) {
            return files.filter(file -> file.getFileName().toString().matches(
                    "(users\\.properties|initial-credentials)\\..{6}")).toList();
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
