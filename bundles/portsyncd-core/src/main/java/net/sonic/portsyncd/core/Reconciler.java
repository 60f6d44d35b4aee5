package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes STATE_DB agree with a set of latest link messages, touching only what differs: a port row is written
 * when one of portsyncd's four fields differs, and deleted when its port is gone. A port is gone when its
 * latest message is a DELLINK, or, when the messages are a complete picture of the kernel, when it is absent
 * from them although it was known (to this run, to the saved state, or as a STATE_DB row that carries
 * {@code netdev_oper_status}, the field only portsyncd writes).
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final MetricsRecorder metrics;

    Reconciler(MetricsRecorder metrics) {
        this.metrics = metrics;
    }

    /**
     * @param written the messages whose rows were written
     * @param deleted the ports whose rows were deleted
     * @param current the messages STATE_DB now reflects (written or already equal)
     * @param gone    the ports judged gone, whether or not they still had a row
     */
    record Outcome(List<LinkEvent> written, List<String> deleted, List<LinkEvent> current, Set<String> gone) {
    }

    Outcome reconcile(RedisSession redis, List<LinkEvent> latest, boolean complete, Set<String> alsoKnown,
            Set<Integer> oldIfindexes) {
        Map<String, LinkEvent> desired = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        Set<String> candidates = new HashSet<>();
        for (LinkEvent event : latest) {
            if (event.type() == LinkMessageType.NEW_LINK) {
                present.add(event.name());
                if (!oldIfindexes.contains(event.ifindex())) {
                    desired.put(event.name(), event);
                }
            } else {
                candidates.add(event.name());
            }
        }
        DbConnection state = redis.state();
        Set<String> scanned = new HashSet<>();
        if (complete) {
            for (String name : alsoKnown) {
                if (!present.contains(name)) {
                    candidates.add(name);
                }
            }
            for (String name : state.table(StateRow.TABLE).keys()) {
                if (LinkFilter.isPortName(name) && !present.contains(name) && !candidates.contains(name)) {
                    scanned.add(name);
                }
            }
        }
        Map<String, Boolean> inApplDb = applDbRows(redis.appl(), desired.keySet());
        Set<String> toRead = new HashSet<>(candidates);
        toRead.addAll(scanned);
        desired.keySet().stream().filter(inApplDb::get).forEach(toRead::add);
        Map<String, Map<String, String>> rows = readRows(state, toRead);

        Batch writes = state.batch();
        List<LinkEvent> written = new ArrayList<>();
        List<LinkEvent> current = new ArrayList<>();
        for (LinkEvent event : desired.values()) {
            if (!inApplDb.get(event.name())) {
                continue;
            }
            current.add(event);
            Map<String, String> fields = StateRow.fieldsOf(event);
            if (!StateRow.holds(rows.get(event.name()), fields)) {
                writes.hset(state.info().key(StateRow.TABLE, event.name()), fields);
                written.add(event);
            }
        }
        List<String> deleted = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        for (String name : toRead) {
            if (desired.containsKey(name)) {
                continue;
            }
            Map<String, String> row = rows.get(name);
            if (candidates.contains(name) || row.containsKey(StateRow.OPER)) {
                gone.add(name);
                if (!row.isEmpty()) {
                    writes.del(state.info().key(StateRow.TABLE, name));
                    deleted.add(name);
                }
            }
        }
        if (writes.size() > 0) {
            writes.execute();
        }
        metrics.add(Counter.STATE_DB_WRITES, written.size());
        metrics.add(Counter.STATE_DB_DELETES, deleted.size());
        LOG.debug("Reconciled {} messages (complete picture: {}): {} rows written, {} deleted",
                latest.size(), complete, written.size(), deleted.size());
        return new Outcome(written, deleted, current, gone);
    }

    private static Map<String, Boolean> applDbRows(DbConnection appl, Set<String> names) {
        Map<String, Boolean> rows = new HashMap<>();
        if (names.isEmpty()) {
            return rows;
        }
        Batch checks = appl.batch();
        Map<String, Supplier<Boolean>> replies = new HashMap<>();
        for (String name : names) {
            replies.put(name, checks.exists(appl.info().key(RedisSession.APPL_PORT_TABLE, name)));
        }
        checks.execute();
        replies.forEach((name, reply) -> rows.put(name, reply.get()));
        return rows;
    }

    /** Current rows; a row Redis cannot read as a hash counts as differing, so it is rewritten. */
    private Map<String, Map<String, String>> readRows(DbConnection state, Set<String> names) {
        Map<String, Map<String, String>> rows = new HashMap<>();
        if (names.isEmpty()) {
            return rows;
        }
        Batch reads = state.batch();
        Map<String, Supplier<Map<String, String>>> replies = new HashMap<>();
        for (String name : names) {
            replies.put(name, reads.hgetall(state.info().key(StateRow.TABLE, name)));
        }
        reads.execute();
        replies.forEach((name, reply) -> rows.put(name, readable(name, reply)));
        return rows;
    }

    private Map<String, String> readable(String name, Supplier<Map<String, String>> reply) {
        try {
            return reply.get();
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.increment(Counter.REDIS_ERRORS);
            LOG.warn("STATE_DB row of {} cannot be read: {}", PortConfigReader.printable(name), e.toString());
            return Map.of();
        }
    }
}
