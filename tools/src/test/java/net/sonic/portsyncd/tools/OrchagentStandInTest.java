package net.sonic.portsyncd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OrchagentStandInTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private NetNs ns;
    private SonicDbClient db;
    private ProducerStateTable producer;

    @BeforeEach
    void aNamespaceAndAProducer() {
        ns = NetNs.create("psd-tools");
        db = SonicDbClient.open(REDIS.databaseConfig(), "", Duration.ofSeconds(2));
        producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
    }

    @AfterEach
    void closeThem() {
        producer.close();
        db.close();
        ns.close();
    }

    @Test
    void createsHostInterfacesOnlyAfterPortConfigDoneAndRemovesThemOnDel() {
        try (OrchagentStandIn standIn = OrchagentStandIn.likeOrchagent(db, ns.name(), lines::add)) {
            producer.set("Ethernet0", Map.of("lanes", "0,1,2,3"));
            producer.set("Ethernet4", Map.of("lanes", "4,5,6,7"));
            standIn.pollOnce(Duration.ofSeconds(2));
            assertThat(ns.ip("-o", "link", "show")).doesNotContain("Ethernet0");

            producer.set("PortConfigDone", Map.of("count", "2"));
            pollUntil(standIn, () -> standIn.hostInterfaces() == 2, "host interfaces");
            assertThat(ns.ip("-o", "link", "show")).contains("Ethernet0").contains("Ethernet4");
            assertThat(REDIS.server().command("HGET", "PORT_TABLE:PortConfigDone", "count")).isEqualTo("2");

            producer.del("Ethernet4");
            pollUntil(standIn, () -> standIn.hostInterfaces() == 1, "after DEL");
            assertThat(ns.ip("-o", "link", "show")).doesNotContain("Ethernet4");
        }
    }

    @Test
    void appliesMtuAndAdminStatusAtCreationAndWhenAPoppedRowChangesThem() {
        try (OrchagentStandIn standIn = OrchagentStandIn.likeOrchagent(db, ns.name(), lines::add)) {
            producer.set("Ethernet0", Map.of("lanes", "0", "mtu", "9100", "admin_status", "up"));
            producer.set("Ethernet4", Map.of("lanes", "4", "mtu", "1500", "admin_status", "down"));
            producer.set("Ethernet8", Map.of("lanes", "8"));
            producer.set("PortConfigDone", Map.of("count", "3"));
            pollUntil(standIn, () -> standIn.hostInterfaces() == 3, "host interfaces");
            assertLink(ns, "Ethernet0", 9100, true);
            assertLink(ns, "Ethernet4", 1500, false);
            assertLink(ns, "Ethernet8", 1500, false);

            producer.set("Ethernet0", Map.of("mtu", "4000", "admin_status", "down"));
            pollUntil(standIn, () -> link(ns, "Ethernet0").contains("mtu 4000"), "the changed row applied");
            assertLink(ns, "Ethernet0", 4000, false);

            // orchagent acts on changes: a row repeating what it applied leaves the operator's change alone
            ns.up("Ethernet0");
            producer.set("Ethernet0", Map.of("mtu", "4000", "admin_status", "down"));
            producer.set("Ethernet8", Map.of("admin_status", "up"));
            pollUntil(standIn, () -> adminUp(link(ns, "Ethernet8")), "Ethernet8 up");
            assertLink(ns, "Ethernet0", 4000, true);
        }
    }

    @Test
    void refusesValuesAndKeysThatNoSwitchWouldTake() {
        try (OrchagentStandIn standIn = OrchagentStandIn.likeOrchagent(db, ns.name(), lines::add)) {
            producer.set("Ethernet0", Map.of("mtu", "9100", "admin_status", "up"));
            producer.set("PortConfigDone", Map.of("count", "1"));
            pollUntil(standIn, () -> standIn.hostInterfaces() == 1, "host interfaces");

            producer.set("Ethernet0", Map.of("mtu", "99999", "admin_status", "sideways"));
            producer.set("Ethernet4\nlink del lo", Map.of("mtu", "1500"));
            pollUntil(standIn, () -> lines.stream().anyMatch(l -> l.contains("not a port's interface name")),
                    "the bad key refused");
            assertThat(lines).anyMatch(l -> l.contains("Ethernet0: mtu '99999' refused"))
                    .anyMatch(l -> l.contains("Ethernet0: admin_status 'sideways' refused"));
            assertLink(ns, "Ethernet0", 9100, true);
            assertThat(ns.ip("-o", "link", "show", "lo")).contains("lo");
            assertThat(standIn.hostInterfaces()).isEqualTo(1);
        }
    }

    @Test
    void createsAVethWithItsPeerUpTheMomentAPortIsPoppedAndKeepsIt() {
        try (OrchagentStandIn standIn = OrchagentStandIn.creatingAtOnce(db, ns.name(),
                OrchagentStandIn.HostInterfaces.VETH).start()) {
            producer.set("Ethernet0", Map.of("lanes", "0", "mtu", "9100", "admin_status", "up"));
            Poll.until(LIMIT, () -> standIn.hostInterfaces() == 1, "the veth of Ethernet0");
            String port = ns.ip("-o", "link", "show", "Ethernet0");
            assertThat(port).as("as the kernel creates it, whatever the row says").contains("mtu 1500");
            assertThat(adminUp(port)).as("Ethernet0 admin up: " + port).isFalse();
            assertThat(adminUp(ns.ip("-o", "link", "show", OrchagentStandIn.peerOf("Ethernet0")))).as("its peer up")
                    .isTrue();

            producer.del("Ethernet0");
            Poll.until(LIMIT, () -> standIn.popped("Ethernet0").size() == 2, "the DEL popped");
            assertThat(ns.ip("-o", "link", "show", "Ethernet0")).as("kept after the DEL").contains("Ethernet0@pe0");
            assertThat(standIn.popped()).extracting(entry -> entry.key() + " " + entry.op())
                    .containsExactly("Ethernet0 SET", "Ethernet0 DEL");
        }
    }

    @Test
    void theCommandLineWritesEverythingItSaysToTheLogFileItIsGiven(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("stand-in.log");
        Path console = dir.resolve("console.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrchagentStandInCommand.class.getName(),
                REDIS.databaseConfig().toString(), ns.name(), log.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        try {
            producer.set("Ethernet0", Map.of("mtu", "9100", "admin_status", "up"));
            producer.set("PortConfigDone", Map.of("count", "1"));
            Poll.until(LIMIT, () -> link(ns, "Ethernet0").contains("mtu 9100"), () -> "the tap; log: " + read(log));
            Poll.until(LIMIT, () -> read(log).contains("created 1 host interface(s)"), () -> "log: " + read(log));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(read(log)).contains("popping APPL_DB PORT_TABLE").contains("PortConfigDone")
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*created 1 host interface");
        assertThat(read(console)).isEmpty();
    }

    private void pollUntil(OrchagentStandIn standIn, BooleanSupplier condition, String what) {
        Poll.until(LIMIT, () -> {
            standIn.pollOnce(Duration.ofMillis(200));
            return condition.getAsBoolean();
        }, () -> what + ": " + lines);
    }

    private static void assertLink(NetNs ns, String name, int mtu, boolean adminUp) {
        String line = link(ns, name);
        assertThat(line).as(name).contains("mtu " + mtu);
        assertThat(adminUp(line)).as(name + " admin up: " + line).isEqualTo(adminUp);
    }

    /** The {@code ip -o link show} line of {@code name}, empty while there is none. */
    private static String link(NetNs ns, String name) {
        return Arrays.stream(ns.ip("-o", "link", "show").split("\n")).filter(l -> l.contains(": " + name + ":"))
                .findFirst().orElse("");
    }

    /** The UP flag of {@code ip -o link show}: the administrative state, whatever the carrier. */
    private static boolean adminUp(String line) {
        if (line.isEmpty()) {
            return false;
        }
        String flags = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
        return Arrays.asList(flags.split(",")).contains("UP");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
