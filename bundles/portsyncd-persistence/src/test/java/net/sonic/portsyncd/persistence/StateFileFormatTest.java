package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import org.junit.jupiter.api.Test;

class StateFileFormatTest {
    private static final PortStateSnapshot SNAPSHOT = Snapshots.ports(8, 1_700_000_000_123L);

    @Test
    void roundTripKeepsEveryField() throws Exception {
        byte[] file = StateFileFormat.encode(SNAPSHOT);

        assertThat(StateFileFormat.decode(file)).isEqualTo(SNAPSHOT);
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"schema_version\":1,\"saved_at\":1700000000123,\"boot_id\":\"" + Snapshots.BOOT_ID
                + "\",\"clean_shutdown\":false,\"port_init_done\":true,\"ports\":{\"Ethernet0\":{\"ifindex\":100,"
                + "\"admin\":\"down\",\"oper\":\"down\",\"flags\":4098,\"mtu\":9100}");
        assertThat(text).matches("(?s).*,\"checksum\":\"[0-9a-f]{64}\"}\n");
    }

    @Test
    void reformattedButUnchangedContentIsAccepted() throws Exception {
        String pretty = new String(StateFileFormat.encode(SNAPSHOT), StandardCharsets.UTF_8)
                .replace(",", ",\n  ").replace("{", "{\n ");

        assertThat(StateFileFormat.decode(pretty.getBytes(StandardCharsets.UTF_8))).isEqualTo(SNAPSHOT);
    }

    @Test
    void changedValueFailsTheChecksum() throws Exception {
        String tampered = text(SNAPSHOT).replace("\"mtu\":9100", "\"mtu\":1500");

        assertRejected(tampered, "checksum mismatch");
    }

    @Test
    void newerSchemaIsRejectedWithItsVersion() throws Exception {
        assertRejected(text(SNAPSHOT).replace("\"schema_version\":1", "\"schema_version\":2"),
                "schema version 2 is newer than version 1, the newest this portsyncd reads");
        // a newer release may have changed everything else: the version alone decides
        assertRejected("{\"schema_version\":7,\"layout\":[1,2,3]}", "schema version 7 is newer");
    }

    @Test
    void wrongOrMissingVersionIsRejected() throws Exception {
        assertRejected(text(SNAPSHOT).replace("\"schema_version\":1", "\"schema_version\":0"),
                "schema version 0 does not exist");
        assertRejected(text(SNAPSHOT).replace("\"schema_version\":1", "\"schema_version\":\"1\""),
                "schema_version: expected a 64-bit integer, found string \"1\"");
        assertRejected(text(SNAPSHOT).replace("\"schema_version\":1,", ""), "schema_version: missing");
    }

    @Test
    void emptyAndNonObjectFilesAreRejected() {
        assertRejected("", "empty file");
        assertRejected("   \n", "no JSON content");
        assertRejected("[1,2]", "not a JSON object");
        assertRejected("null", "not a JSON object");
    }

    @Test
    void everyTruncationIsRejected() throws Exception {
        byte[] file = StateFileFormat.encode(SNAPSHOT);
        // the final newline is insignificant, every shorter prefix is not
        for (int length = 0; length < file.length - 1; length++) {
            byte[] prefix = Arrays.copyOf(file, length);
            assertThatThrownBy(() -> StateFileFormat.decode(prefix)).as("prefix of %d bytes", length)
                    .isInstanceOf(InvalidStateFileException.class);
        }
    }

    @Test
    void everySingleBitFlipIsRejected() throws Exception {
        byte[] file = StateFileFormat.encode(SNAPSHOT);
        for (int bit = 0; bit < file.length * 8; bit++) {
            byte[] flipped = file.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int at = bit;
            assertThatThrownBy(() -> StateFileFormat.decode(flipped)).as("bit %d flipped", at)
                    .isInstanceOf(InvalidStateFileException.class);
        }
    }

    @Test
    void garbageGetsOneLineReasonNamingThePosition() {
        byte[] garbage = {'{', '"', 's', 0, 1, 2, '\n', (byte) 0xff, '}'};

        assertThatThrownBy(() -> StateFileFormat.decode(garbage))
                .isInstanceOf(InvalidStateFileException.class)
                .hasMessageStartingWith("not valid JSON at line 1 column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").matches("[\\x20-\\x7e]+"));
    }

    @Test
    void unknownDuplicateAndTrailingContentIsRejected() throws Exception {
        String file = text(SNAPSHOT);
        assertRejected(file.replace("\"clean_shutdown\"", "\"extra\":1,\"clean_shutdown\""), "\"extra\": unknown field");
        assertRejected(file.replace("\"mtu\":9100}", "\"mtu\":9100,\"speed\":1}"),
                "ports.\"Ethernet0\".\"speed\": unknown field");
        assertRejected(file.replace("\"clean_shutdown\":false", "\"clean_shutdown\":false,\"clean_shutdown\":true"),
                "Duplicate field 'clean_shutdown'");
        assertRejected(file.trim() + "{}", "not valid JSON");
    }

    @Test
    void wrongTypesAreNamedWithTheirPath() throws Exception {
        String file = text(SNAPSHOT);
        assertRejected(file.replace("\"clean_shutdown\":false", "\"clean_shutdown\":\"false\""),
                "clean_shutdown: expected true or false, found string \"false\"");
        assertRejected(file.replace("\"ifindex\":100,", "\"ifindex\":100.5,"),
                "ports.\"Ethernet0\".ifindex: expected a 64-bit integer, found number \"100.5\"");
        assertRejected(file.replace("\"ifindex\":100,", "\"ifindex\":4294967396,"),
                "ports.\"Ethernet0\": ifindex or flags outside the 32-bit range");
        assertRejected(file.replace("\"admin\":\"down\"", "\"admin\":\"sideways\""),
                "ports.\"Ethernet0\".admin: expected \"up\" or \"down\", found \"sideways\"");
        assertRejected("{\"schema_version\":1,\"saved_at\":1,\"boot_id\":\"\",\"clean_shutdown\":true,"
                + "\"port_init_done\":true,\"ports\":[],\"checksum\":\"0\"}", "ports: expected an object, found array");
        assertRejected(file.replace("\"saved_at\":1700000000123", "\"saved_at\":99999999999999999999"),
                "saved_at: expected a 64-bit integer");
    }

    @Test
    void insaneValuesAreRejectedOnLoadAndOnSave() {
        assertInsane(new PortRecord("Ethernet0", 0, true, true, 0, 9100), "ifindex must be positive, was 0");
        assertInsane(new PortRecord("Ethernet0", -5, true, true, 0, 9100), "ifindex must be positive, was -5");
        assertInsane(new PortRecord("Ethernet0", 5, true, true, 0, 67), "mtu must be between 68 and 65536");
        assertInsane(new PortRecord("Ethernet0", 5, true, true, 0, 65_537), "mtu must be between 68 and 65536");
        assertInsane(new PortRecord("", 5, true, true, 0, 9100), "port name is empty");
        assertInsane(new PortRecord("Ethernet01234567", 5, true, true, 0, 9100), "longer than 15 characters");
        assertInsane(new PortRecord("eth/0", 5, true, true, 0, 9100), "cannot hold");
        assertInsane(new PortRecord("eth 0", 5, true, true, 0, 9100), "cannot hold");
        assertInsane(new PortRecord("..", 5, true, true, 0, 9100), "is a path component");
        assertInsane(new PortRecord("Ethernet\u00e9", 5, true, true, 0, 9100), "cannot hold");
    }

    @Test
    void unknownMtuAndExtremeFlagsAreFine() throws Exception {
        PortStateSnapshot snapshot = Snapshots.withPort(new PortRecord("Ethernet0", 1, true, false, 0x80000001, -1));

        assertThat(StateFileFormat.decode(StateFileFormat.encode(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void snapshotLevelRulesAreChecked() {
        PortRecord port = new PortRecord("Ethernet0", 5, true, true, 0, 9100);
        assertThatThrownBy(() -> StateFileFormat.encode(new PortStateSnapshot(1, "not a boot id", false, false,
                Map.of("Ethernet0", port)))).hasMessageContaining("boot_id is not a kernel boot id");
        assertThatThrownBy(() -> StateFileFormat.encode(new PortStateSnapshot(-1, "", false, false, Map.of())))
                .hasMessageContaining("saved_at is negative");
        assertThatThrownBy(() -> StateFileFormat.encode(new PortStateSnapshot(1, "", false, false,
                Map.of("Ethernet4", port)))).hasMessageContaining("record is missing or named \"Ethernet0\"");
    }

    private static void assertInsane(PortRecord port, String reason) {
        PortStateSnapshot snapshot = Snapshots.withPort(port);
        assertThatThrownBy(() -> StateFileFormat.encode(snapshot))
                .isInstanceOf(InvalidStateFileException.class).hasMessageContaining(reason);
        // the same file, written by something else, is rejected on load for the same reason
        String hostile = "{\"schema_version\":1,\"saved_at\":1,\"boot_id\":\"\",\"clean_shutdown\":true,"
                + "\"port_init_done\":true,\"ports\":{\"" + port.name().replace("\\", "\\\\") + "\":{\"ifindex\":"
                + port.ifindex() + ",\"admin\":\"up\",\"oper\":\"up\",\"flags\":0,\"mtu\":" + port.mtu()
                + "}},\"checksum\":\"0\"}";
        assertRejected(hostile, reason);
    }

    private static void assertRejected(String file, String reason) {
        assertThatThrownBy(() -> StateFileFormat.decode(file.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidStateFileException.class).hasMessageContaining(reason);
    }

    private static String text(PortStateSnapshot snapshot) throws Exception {
        return new String(StateFileFormat.encode(snapshot), StandardCharsets.UTF_8);
    }
}
