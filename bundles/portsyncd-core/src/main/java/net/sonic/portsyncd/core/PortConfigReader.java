package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CONFIG_DB {@code PORT|*} as the reference does (Table::getKeys, then Table::get per key): field names
 * cut at the first '@', values verbatim, a row that vanished between the listing and the read kept with no
 * fields. Unlike the reference, all rows are read in one pipelined round trip, and a row that cannot be a
 * port's configuration (not a hash, larger than the configured limit, named empty, not in UTF-8, or named like
 * one of APPL_DB's signal keys) is left out, logged and counted instead of ending the process or being copied.
 */
final class PortConfigReader {
    static final String PORT_TABLE = "PORT";
    private static final Set<String> SIGNAL_KEYS = Set.of(Startup.PORT_CONFIG_DONE, Startup.PORT_INIT_DONE);
    /** What the client decodes undecodable bytes to. */
    private static final char UNDECODABLE = '\uFFFD';
    private static final Logger LOG = LoggerFactory.getLogger(PortConfigReader.class);

    private final int maxRowChars;
    private final MetricsRecorder metrics;

    PortConfigReader(int maxRowChars, MetricsRecorder metrics) {
        this.maxRowChars = maxRowChars;
        this.metrics = metrics;
    }

    /** The configured port names, listed with SCAN. */
    List<String> portNames(DbConnection config) {
        return config.table(PORT_TABLE).keys();
    }

    /** The rows of the given ports, in the given order, without the rejected ones. */
    List<KeyFields> readRows(DbConnection config, List<String> names) {
        List<Map<String, String>> raw = readAll(config, names);
        List<KeyFields> rows = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Map<String, String> fields = raw.get(i);
            if (fields != null && acceptable(names.get(i), fields)) {
                rows.add(new KeyFields(names.get(i), truncateFieldNames(fields)));
            }
        }
        return rows;
    }

    /** swss-common's stripSpecialSym: a field name ends at its first '@'. */
    static Map<String, String> truncateFieldNames(Map<String, String> fields) {
        Map<String, String> truncated = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            int at = name.indexOf('@');
            truncated.put(at < 0 ? name : name.substring(0, at), value);
        });
        return truncated;
    }

    private List<Map<String, String>> readAll(DbConnection config, List<String> names) {
        Batch batch = config.batch();
        List<Supplier<Map<String, String>>> replies = new ArrayList<>(names.size());
        for (String name : names) {
            replies.add(batch.hgetall(keyOf(config, name)));
        }
        try {
            batch.execute();
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // one unreadable row fails the pipeline: read row by row to find it and keep the others
            LOG.warn("Reading CONFIG_DB PORT rows in one pipeline failed ({}); reading them one by one", e.toString());
            return readOneByOne(config, names);
        }
        List<Map<String, String>> rows = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            rows.add(replyOrRejected(names.get(i), replies.get(i)));
        }
        return rows;
    }

    private List<Map<String, String>> readOneByOne(DbConnection config, List<String> names) {
        List<Map<String, String>> rows = new ArrayList<>(names.size());
        for (String name : names) {
            rows.add(replyOrRejected(name, () -> config.hgetall(keyOf(config, name))));
        }
        return rows;
    }

    private Map<String, String> replyOrRejected(String name, Supplier<Map<String, String>> reply) {
        try {
            return reply.get();
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            reject(name, "it cannot be read as a hash: " + e.getMessage());
            return null;
        }
    }

    /** Why a port of this name can never be copied, or null when the name is fine. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "its name is empty";
        }
        if (name.indexOf(UNDECODABLE) >= 0) {
            // the key's bytes are not UTF-8: reading the row again by this name would read another key
            return "its name is not valid UTF-8";
        }
        if (SIGNAL_KEYS.contains(name)) {
            return "its name is APPL_DB's signal key " + name + ", which only portsyncd itself writes";
        }
        return null;
    }

    private boolean acceptable(String name, Map<String, String> fields) {
        String problem = nameProblem(name);
        if (problem != null) {
            reject(name, problem);
            return false;
        }
        long size = name.length();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            size += field.getKey().length() + (long) field.getValue().length();
        }
        if (size > maxRowChars) {
            reject(name, "it holds " + size + " characters, more than the limit of " + maxRowChars);
            return false;
        }
        return true;
    }

    private void reject(String name, String reason) {
        metrics.increment(Counter.CONFIG_ROWS_REJECTED);
        LOG.warn("CONFIG_DB PORT row {} is not copied to APPL_DB: {}", printable(name), reason);
    }

    private static String keyOf(DbConnection config, String name) {
        return config.info().key(PORT_TABLE, name);
    }

    /** Keeps a hostile key from flooding or corrupting the log. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(64).forEach(c -> {
            if (c >= 0x20 && c != 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        });
        return text.length() > 64 ? out + "..." : out.toString();
    }
}
