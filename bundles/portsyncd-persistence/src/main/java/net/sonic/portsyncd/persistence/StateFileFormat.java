package net.sonic.portsyncd.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * The JSON form of the port state file.
 *
 * <pre>
 * {"schema_version":1,"saved_at":1700000000000,"boot_id":"...","clean_shutdown":true,"port_init_done":true,
 *  "ports":{"Ethernet0":{"ifindex":5,"admin":"up","oper":"down","flags":4099,"mtu":9100}},
 *  "checksum":"&lt;sha-256 hex&gt;"}
 * </pre>
 *
 * The checksum is the SHA-256 of the canonical encoding of everything else (this class's compact output with
 * ports sorted by name). Loading re-encodes what it read and compares, so a reformatted but unchanged file is
 * still accepted, while any changed value, missing field or unknown field is rejected.
 */
final class StateFileFormat {
    static final int SCHEMA_VERSION = 1;
    /** Far above 65,536 ports; bounds what a reader allocates for a hostile file. */
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    private static final Set<String> TOP_FIELDS =
            Set.of("schema_version", "saved_at", "boot_id", "clean_shutdown", "port_init_done", "ports", "checksum");
    private static final Set<String> PORT_FIELDS = Set.of("ifindex", "admin", "oper", "flags", "mtu");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StateFileFormat() {
    }

    static byte[] encode(PortStateSnapshot snapshot) throws InvalidStateFileException {
        SnapshotRules.check(snapshot);
        byte[] content = canonicalContent(snapshot);
        byte[] checksumField = (",\"checksum\":\"" + sha256Hex(content) + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream file = new ByteArrayOutputStream(content.length + checksumField.length);
        // the canonical content ends with '}': the checksum field goes in front of it
        file.write(content, 0, content.length - 1);
        file.writeBytes(checksumField);
        return file.toByteArray();
    }

    static PortStateSnapshot decode(byte[] bytes) throws InvalidStateFileException {
        if (bytes.length == 0) {
            throw new InvalidStateFileException("empty file");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidStateFileException(bytes.length + " bytes, more than the limit of " + MAX_FILE_BYTES);
        }
        JsonNode root = parse(bytes);
        if (!root.isObject()) {
            throw new InvalidStateFileException("not a JSON object");
        }
        checkVersion(root);
        checkFieldNames(root, TOP_FIELDS, null);
        String storedChecksum = text(root, "checksum", null);
        PortStateSnapshot snapshot = new PortStateSnapshot(
                integer(root, "saved_at", null),
                text(root, "boot_id", null),
                bool(root, "clean_shutdown", null),
                bool(root, "port_init_done", null),
                ports(required(root, "ports", null)));
        SnapshotRules.check(snapshot);
        String computed = sha256Hex(canonicalContent(snapshot));
        if (!computed.equals(storedChecksum)) {
            throw new InvalidStateFileException("checksum mismatch: the file says " + Reasons.quote(storedChecksum)
                    + ", its content hashes to \"" + computed + "\"");
        }
        return snapshot;
    }

    private static JsonNode parse(byte[] bytes) throws InvalidStateFileException {
        try {
            JsonNode root = READER.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new InvalidStateFileException("no JSON content");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            // the parser does not echo file content; drop its note saying so
            String reason = Reasons.oneLine(e.getOriginalMessage()).replaceAll("\\[Source: REDACTED[^;]*; ", "[");
            throw new InvalidStateFileException("not valid JSON" + where + ": " + reason);
        } catch (IOException e) {
            throw new InvalidStateFileException("not valid JSON: " + Reasons.oneLine(e.getMessage()));
        }
    }

    private static void checkVersion(JsonNode root) throws InvalidStateFileException {
        long version = integer(root, "schema_version", null);
        if (version > SCHEMA_VERSION) {
            throw new InvalidStateFileException("schema version " + version + " is newer than version "
                    + SCHEMA_VERSION + ", the newest this portsyncd reads (written by a newer release)");
        }
        if (version < 1) {
            throw new InvalidStateFileException("schema version " + version + " does not exist");
        }
    }

    private static Map<String, PortRecord> ports(JsonNode node) throws InvalidStateFileException {
        if (!node.isObject()) {
            throw new InvalidStateFileException("ports: expected an object, found " + kind(node));
        }
        if (node.size() > SnapshotRules.MAX_PORTS) {
            throw new InvalidStateFileException(
                    "ports holds " + node.size() + " entries, more than the limit of " + SnapshotRules.MAX_PORTS);
        }
        Map<String, PortRecord> ports = new HashMap<>(node.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode port = field.getValue();
            if (!port.isObject()) {
                throw new InvalidStateFileException(path(name, null) + ": expected an object, found " + kind(port));
            }
            checkFieldNames(port, PORT_FIELDS, name);
            long ifindex = integer(port, "ifindex", name);
            long flags = integer(port, "flags", name);
            if (ifindex > Integer.MAX_VALUE || flags < Integer.MIN_VALUE || flags > Integer.MAX_VALUE) {
                throw new InvalidStateFileException(path(name, null) + ": ifindex or flags outside the 32-bit range");
            }
            ports.put(name, new PortRecord(name, (int) ifindex, upDown(port, "admin", name), upDown(port, "oper", name),
                    (int) flags, integer(port, "mtu", name)));
        }
        return ports;
    }

    private static boolean upDown(JsonNode port, String field, String portName) throws InvalidStateFileException {
        String value = text(port, field, portName);
        return switch (value) {
            case "up" -> true;
            case "down" -> false;
            default -> throw new InvalidStateFileException(
                    path(portName, field) + ": expected \"up\" or \"down\", found " + Reasons.quote(value));
        };
    }

    private static void checkFieldNames(JsonNode object, Set<String> allowed, String portName)
            throws InvalidStateFileException {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidStateFileException(path(portName, Reasons.quote(name)) + ": unknown field");
            }
        }
    }

    /*
     * The field accessors take the port name (null at the top level) rather than a ready path, so the path
     * string is only built for a rejection.
     */

    private static JsonNode required(JsonNode object, String field, String portName) throws InvalidStateFileException {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new InvalidStateFileException(path(portName, field) + ": missing");
        }
        return value;
    }

    private static long integer(JsonNode object, String field, String portName) throws InvalidStateFileException {
        JsonNode value = required(object, field, portName);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidStateFileException(path(portName, field) + ": expected a 64-bit integer, found " + kind(value));
        }
        return value.longValue();
    }

    private static String text(JsonNode object, String field, String portName) throws InvalidStateFileException {
        JsonNode value = required(object, field, portName);
        if (!value.isTextual()) {
            throw new InvalidStateFileException(path(portName, field) + ": expected a string, found " + kind(value));
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode object, String field, String portName) throws InvalidStateFileException {
        JsonNode value = required(object, field, portName);
        if (!value.isBoolean()) {
            throw new InvalidStateFileException(path(portName, field) + ": expected true or false, found " + kind(value));
        }
        return value.booleanValue();
    }

    private static String path(String portName, String field) {
        if (portName == null) {
            return field;
        }
        return "ports." + Reasons.quote(portName) + (field == null ? "" : "." + field);
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + (node.isValueNode() ? " " + Reasons.quote(node.asText()) : "");
    }

    private static byte[] canonicalContent(PortStateSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + snapshot.ports().size() * 96);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("schema_version", SCHEMA_VERSION);
            json.writeNumberField("saved_at", snapshot.savedAtMillis());
            json.writeStringField("boot_id", snapshot.bootId());
            json.writeBooleanField("clean_shutdown", snapshot.cleanShutdown());
            json.writeBooleanField("port_init_done", snapshot.portInitDone());
            json.writeObjectFieldStart("ports");
            for (PortRecord port : snapshot.ports().values()) {
                json.writeObjectFieldStart(port.name());
                json.writeNumberField("ifindex", port.ifindex());
                json.writeStringField("admin", port.adminUp() ? "up" : "down");
                json.writeStringField("oper", port.operUp() ? "up" : "down");
                json.writeNumberField("flags", port.flags());
                json.writeNumberField("mtu", port.mtu());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
