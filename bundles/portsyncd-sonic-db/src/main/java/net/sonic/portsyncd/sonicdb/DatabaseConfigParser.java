package net.sonic.portsyncd.sonicdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.sonicdb.DatabaseConfig.DatabaseEntry;

/**
 * Reads SONiC's {@code database_config.json} and {@code database_global.json} (swss-common
 * SonicDBConfig::parseDatabaseConfig / initializeGlobalConfig). Every error names the file and the offending field.
 */
final class DatabaseConfigParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private DatabaseConfigParser() {
    }

    /**
     * Loads the configuration of {@code namespace} ("" = default). A file with {@code INCLUDES} is a
     * database_global.json whose includes are resolved relative to its directory; any other file is a
     * database_config.json, which only has the default namespace.
     */
    static DatabaseConfig load(Path file, String namespace) {
        String ns = namespace == null ? "" : namespace;
        JsonNode root = readObject(file);
        if (root.has("INCLUDES")) {
            Path included = selectInclude(file, root.get("INCLUDES"), ns);
            JsonNode includedRoot = readObject(included);
            if (includedRoot.has("INCLUDES")) {
                throw new DbException(included + ": INCLUDES: an included file must be a database_config.json,"
                        + " not another database_global.json (included from " + file + ")");
            }
            return parseDatabaseConfig(included, includedRoot);
        }
        if (!ns.isEmpty()) {
            throw new DbException(file + ": INCLUDES: namespace '" + ns + "' requested but the file is a"
                    + " database_config.json without INCLUDES (only the default namespace \"\" exists)");
        }
        return parseDatabaseConfig(file, root);
    }

    private static JsonNode readObject(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DbException(file + ": file is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " a database configuration may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DbException(file + ": file does not exist", e);
        } catch (IOException e) {
            throw new DbException(file + ": cannot be read (" + e + ")", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new DbException(file + ": not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new DbException(file + ": cannot be parsed (" + e + ")", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DbException(file + ": file is empty, a JSON object is required");
        }
        if (!root.isObject()) {
            throw new DbException(file + ": top level must be a JSON object, found " + describe(root));
        }
        return root;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }

    private static Path selectInclude(Path globalFile, JsonNode includes, String namespace) {
        if (!includes.isArray()) {
            throw new DbException(globalFile + ": INCLUDES must be an array, found " + describe(includes));
        }
        Map<String, Path> byNamespace = new LinkedHashMap<>();
        Path directory = globalFile.toAbsolutePath().getParent();
        for (int i = 0; i < includes.size(); i++) {
            String field = "INCLUDES[" + i + "]";
            JsonNode entry = includes.get(i);
            if (!entry.isObject()) {
                throw new DbException(globalFile + ": " + field + " must be an object, found " + describe(entry));
            }
            String include = requiredText(globalFile, entry, field, "include");
            if (entry.has("container_name")) {
                // DPU/container entries are addressed by container name, never by a network namespace.
                continue;
            }
            String ns = optionalText(globalFile, entry, field, "namespace").orElse("");
            Path resolved = path(globalFile, field + ".include", () -> directory.resolve(include).normalize());
            if (byNamespace.putIfAbsent(ns, resolved) != null) {
                throw new DbException(globalFile + ": " + field + ".namespace: namespace '" + ns
                        + "' is included more than once");
            }
        }
        Path selected = byNamespace.get(namespace);
        if (selected == null) {
            throw new DbException(globalFile + ": INCLUDES: no entry for namespace '" + namespace + "' (known: "
                    + byNamespace.keySet() + ")");
        }
        return selected;
    }

    static DatabaseConfig parseDatabaseConfig(Path file, JsonNode root) {
        JsonNode instancesNode = requiredObject(file, root, "", "INSTANCES");
        Map<String, RedisInstance> instances = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = instancesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            instances.put(e.getKey(), parseInstance(file, e.getKey(), e.getValue()));
        }
        if (instances.isEmpty()) {
            throw new DbException(file + ": INSTANCES: at least one instance is required");
        }
        JsonNode databasesNode = requiredObject(file, root, "", "DATABASES");
        Map<String, DatabaseEntry> databases = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = databasesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            databases.put(e.getKey(), parseDatabase(file, e.getKey(), e.getValue(), instances));
        }
        if (databases.isEmpty()) {
            throw new DbException(file + ": DATABASES: at least one database is required");
        }
        return new DatabaseConfig(file, instances, databases);
    }

    private static RedisInstance parseInstance(Path file, String name, JsonNode node) {
        String field = "INSTANCES." + name;
        if (!node.isObject()) {
            throw new DbException(file + ": " + field + " must be an object, found " + describe(node));
        }
        String hostname = requiredText(file, node, field, "hostname");
        int port = requiredInt(file, node, field, "port", 1, 65535);
        Optional<Path> socket = optionalText(file, node, field, "unix_socket_path")
                .filter(s -> !s.isEmpty())
                .map(s -> path(file, field + ".unix_socket_path", () -> Path.of(s)));
        return new RedisInstance(name, hostname, port, socket);
    }

    private static DatabaseEntry parseDatabase(Path file, String name, JsonNode node,
                                               Map<String, RedisInstance> instances) {
        String field = "DATABASES." + name;
        if (!node.isObject()) {
            throw new DbException(file + ": " + field + " must be an object, found " + describe(node));
        }
        int id = requiredInt(file, node, field, "id", 0, Integer.MAX_VALUE);
        String separator = requiredText(file, node, field, "separator");
        if (!":".equals(separator) && !"|".equals(separator)) {
            throw new DbException(file + ": " + field + ".separator: must be \":\" or \"|\", found \""
                    + separator + "\"");
        }
        String instance = requiredText(file, node, field, "instance");
        if (!instances.containsKey(instance)) {
            throw new DbException(file + ": " + field + ".instance: instance \"" + instance
                    + "\" is not defined in INSTANCES (defined: " + instances.keySet() + ")");
        }
        return new DatabaseEntry(name, id, separator, instance);
    }

    private static JsonNode requiredObject(Path file, JsonNode parent, String prefix, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new DbException(file + ": " + prefix + name + ": missing (an object is required)");
        }
        if (!node.isObject()) {
            throw new DbException(file + ": " + prefix + name + ": must be an object, found " + describe(node));
        }
        return node;
    }

    private static String requiredText(Path file, JsonNode parent, String prefix, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new DbException(file + ": " + prefix + "." + name + ": missing (a string is required)");
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new DbException(file + ": " + prefix + "." + name + ": must be a non-empty string, found "
                    + describe(node));
        }
        return node.textValue();
    }

    private static Optional<String> optionalText(Path file, JsonNode parent, String prefix, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new DbException(file + ": " + prefix + "." + name + ": must be a string, found " + describe(node));
        }
        return Optional.of(node.textValue());
    }

    private static int requiredInt(Path file, JsonNode parent, String prefix, String name, int min, int max) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new DbException(file + ": " + prefix + "." + name + ": missing (an integer is required)");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new DbException(file + ": " + prefix + "." + name + ": must be an integer, found " + describe(node));
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new DbException(file + ": " + prefix + "." + name + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** A path from the file's text; one the platform cannot represent (e.g. with a NUL) is the file's error. */
    private static Path path(Path file, String field, java.util.function.Supplier<Path> text) {
        try {
            return text.get();
        } catch (java.nio.file.InvalidPathException e) {
            throw new DbException(file + ": " + field + ": not a usable path (" + e.getReason() + ")");
        }
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
    }
}
