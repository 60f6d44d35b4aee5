package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies accepted link messages as the reference does, one STATE_DB command per message and no de-duplication.
 * When APPL_DB and STATE_DB live on the same Redis instance the whole batch takes one round trip (a
 * {@link StateWriteScript}); otherwise two: the APPL_DB existence checks in one pipeline, then the STATE_DB writes,
 * in kernel order, in another. Used by the sync thread only.
 */
final class EventWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    private final MetricsRecorder metrics;
    private boolean scriptRefused;

    EventWriter(MetricsRecorder metrics) {
        this.metrics = metrics;
    }

    /** What a batch did; the messages are those whose row was written or deleted. */
    record Applied(List<LinkEvent> written, List<LinkEvent> deleted) {
    }

    Applied apply(RedisSession redis, List<LinkEvent> accepted) {
        Applied applied = null;
        if (!scriptRefused && redis.applAndStateShareAnInstance()) {
            applied = applyInOneRoundTrip(redis, accepted);
        }
        if (applied == null) {
            applied = applyInTwoRoundTrips(redis, accepted);
        }
        long now = System.nanoTime();
        for (LinkEvent event : applied.written()) {
            metrics.recordNanos(Histogram.EVENT_LATENCY, now - event.receivedNanos());
        }
        for (LinkEvent event : applied.deleted()) {
            metrics.recordNanos(Histogram.EVENT_LATENCY, now - event.receivedNanos());
        }
        metrics.add(Counter.STATE_DB_WRITES, applied.written().size());
        metrics.add(Counter.STATE_DB_DELETES, applied.deleted().size());
        return applied;
    }

    /**
     * The batch as one script on the STATE_DB connection; null when Redis refuses the script itself (then the
     * batch, which the refusal left unapplied or only partly applied, is written in two round trips, as every
     * later batch is).
     */
    Applied applyInOneRoundTrip(RedisSession redis, List<LinkEvent> accepted) {
        DbConnection state = redis.state();
        DbInfo appl = redis.applInfo();
        Object reply;
        try {
            reply = state.evalScript(StateWriteScript.SCRIPT, StateWriteScript.keys(appl, state.info(), accepted),
                    StateWriteScript.args(appl, state.info(), accepted));
        } catch (DbUnavailableException e) {
            throw e;
        } catch (DbException e) {
            metrics.increment(Counter.REDIS_ERRORS);
            scriptRefused = true;
            LOG.warn("Redis refused the STATE_DB write script ({}); writing each batch in two round trips from now on",
                    e.getMessage());
            return null;
        }
        if (!(reply instanceof List<?> outcomes) || outcomes.size() != accepted.size()) {
            throw new DbException("the STATE_DB write script answered " + reply + " for " + accepted.size()
                    + " messages");
        }
        List<LinkEvent> written = new ArrayList<>();
        List<LinkEvent> deleted = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            LinkEvent event = accepted.get(i);
            Object outcome = outcomes.get(i);
            long code = outcome instanceof Long value ? value : -1;
            if (code == StateWriteScript.WRITTEN) {
                written.add(event);
            } else if (code == StateWriteScript.DELETED) {
                deleted.add(event);
            } else if (code == StateWriteScript.UNKNOWN_PORT) {
                unknownPort(event);
            } else {
                metrics.increment(Counter.REDIS_ERRORS);
                LOG.warn("STATE_DB refused the update of {}: {}", event.name(), outcome);
            }
        }
        return new Applied(written, deleted);
    }

    /** The APPL_DB existence checks in one pipeline, then the STATE_DB writes in another. */
    Applied applyInTwoRoundTrips(RedisSession redis, List<LinkEvent> accepted) {
        Map<String, Boolean> inApplDb = applDbRows(redis.appl(), accepted);
        DbConnection state = redis.state();
        Batch writes = state.batch();
        List<LinkEvent> written = new ArrayList<>();
        List<LinkEvent> deleted = new ArrayList<>();
        List<LinkEvent> commands = new ArrayList<>(accepted.size());
        for (LinkEvent event : accepted) {
            String key = state.info().key(StateRow.TABLE, event.name());
            if (event.type() == LinkMessageType.DEL_LINK) {
                writes.del(key);
                deleted.add(event);
                commands.add(event);
            } else if (inApplDb.get(event.name())) {
                writes.hset(key, StateRow.fieldsOf(event));
                written.add(event);
                commands.add(event);
            } else {
                unknownPort(event);
            }
        }
        if (writes.size() > 0) {
            List<LinkEvent> refused = execute(state, writes, commands);
            written.removeIf(event -> containsSame(refused, event));
            deleted.removeIf(event -> containsSame(refused, event));
        }
        return new Applied(written, deleted);
    }

    /** By identity: a batch may hold equal messages, and only the refused one must go. */
    private static boolean containsSame(List<LinkEvent> events, LinkEvent event) {
        for (LinkEvent candidate : events) {
            if (candidate == event) {
                return true;
            }
        }
        return false;
    }

    private void unknownPort(LinkEvent event) {
        metrics.increment(Counter.NETLINK_IGNORED_UNKNOWN_PORT);
        LOG.debug("Cannot find {} in APPL_DB PORT_TABLE; nothing written", event.name());
    }

    private Map<String, Boolean> applDbRows(DbConnection appl, List<LinkEvent> accepted) {
        Batch checks = appl.batch();
        Map<String, Supplier<Boolean>> replies = new HashMap<>();
        for (LinkEvent event : accepted) {
            if (event.type() == LinkMessageType.NEW_LINK && !replies.containsKey(event.name())) {
                replies.put(event.name(), checks.exists(appl.info().key(RedisSession.APPL_PORT_TABLE, event.name())));
            }
        }
        Map<String, Boolean> rows = new HashMap<>();
        if (!replies.isEmpty()) {
            checks.execute();
            replies.forEach((name, reply) -> rows.put(name, reply.get()));
        }
        return rows;
    }

    /**
     * A command that Redis refuses (a key of the wrong type put there by someone else) must not cost the other
     * ports their update: the batch is then replayed command by command and only the refused ones are dropped.
     *
     * @return the messages whose command Redis refused
     */
    private List<LinkEvent> execute(DbConnection state, Batch writes, List<LinkEvent> commands) {
        List<LinkEvent> refusedEvents = new ArrayList<>();
        try {
            writes.execute();
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.increment(Counter.REDIS_ERRORS);
            LOG.warn("STATE_DB refused part of a batch ({}); replaying it command by command", e.toString());
            for (LinkEvent event : commands) {
                String key = state.info().key(StateRow.TABLE, event.name());
                try {
                    if (event.type() == LinkMessageType.DEL_LINK) {
                        state.del(key);
                    } else {
                        state.hset(key, StateRow.fieldsOf(event));
                    }
                } catch (DbUnavailableException unavailable) {
                    throw unavailable;
                } catch (RuntimeException refused) {
                    metrics.increment(Counter.REDIS_ERRORS);
                    refusedEvents.add(event);
                    LOG.warn("STATE_DB refused the update of {}: {}", event.name(), refused.toString());
                }
            }
        }
        return refusedEvents;
    }
}
