package net.sonic.portsyncd.testkit.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.DbUnavailableException;

/**
 * The Redis behind a {@link FakeSonicDb}: one keyspace per database number, values that are hashes, sets or strings
 * (a key of the wrong type is refused with WRONGTYPE, as Redis does), whether the server answers, its run id, the
 * commands it ran and the messages it published. Every access holds its monitor, so commands are atomic as Redis's
 * are; waiting consumers wait on it too.
 */
final class MemoryRedis {
    private final Map<Integer, Map<String, Object>> keyspaces = new HashMap<>();
    private final List<FakeSonicDb.Command> commands = new ArrayList<>();
    private final List<FakeSonicDb.Publication> publications = new ArrayList<>();
    private boolean up = true;
    private Predicate<FakeSonicDb.Command> downAt;
    private int run = 1;
    private int openConnections;

    /**
     * Runs one command on {@code db}'s keyspace, or refuses it as an unreachable server does. A command matching the
     * {@link #goDownAt} condition finds the server gone.
     */
    synchronized <T> T execute(DbInfo db, String name, String key, Function<Map<String, Object>, T> body) {
        FakeSonicDb.Command command = new FakeSonicDb.Command(db.name(), name, key);
        if (up && downAt != null && downAt.test(command)) {
            up = false;
            downAt = null;
        }
        if (!up) {
            throw unavailable(db, name + " " + key);
        }
        commands.add(command);
        return body.apply(keyspace(db.id()));
    }

    /** Connecting: refused while the server is down, as the client's connect attempts are. */
    synchronized void connect(DbInfo db) {
        if (!up) {
            throw unavailable(db, "connect");
        }
        openConnections++;
    }

    synchronized void disconnected() {
        openConnections--;
    }

    synchronized int openConnections() {
        return openConnections;
    }

    /** INFO server's run_id; logged as {@code INFO server}. */
    synchronized String runId(DbInfo db) {
        return execute(db, "INFO", "server", keys -> "memory-" + run);
    }

    synchronized Map<String, Object> keyspace(int id) {
        return keyspaces.computeIfAbsent(id, any -> new LinkedHashMap<>());
    }

    synchronized void publish(String channel, String message) {
        publications.add(new FakeSonicDb.Publication(channel, message));
        notifyAll();
    }

    synchronized long published(String channel) {
        return publications.stream().filter(p -> p.channel().equals(channel)).count();
    }

    /** Waits until {@code channel} has had more than {@code seen} messages, at most {@code timeoutNanos}. */
    synchronized boolean awaitPublished(String channel, long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (published(channel) <= seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized List<FakeSonicDb.Publication> publications() {
        return List.copyOf(publications);
    }

    synchronized List<FakeSonicDb.Command> commands() {
        return List.copyOf(commands);
    }

    synchronized void forgetCommands() {
        commands.clear();
        publications.clear();
    }

    synchronized boolean up() {
        return up;
    }

    synchronized void goDown() {
        up = false;
    }

    synchronized void goDownAt(Predicate<FakeSonicDb.Command> condition) {
        downAt = condition;
    }

    synchronized void comeBack() {
        up = true;
        downAt = null;
        notifyAll();
    }

    /** A new server process: another run id, and the data kept (a snapshot) or gone. */
    synchronized void restart(boolean keepData) {
        run++;
        up = true;
        downAt = null;
        if (!keepData) {
            keyspaces.clear();
        }
    }

    synchronized void flushAll() {
        keyspaces.clear();
    }

    // ---- typed access to values; callers hold the monitor (through execute or a synchronized block) ----

    /** The hash at {@code key}, or null when there is none. */
    static Map<String, String> hash(Map<String, Object> keyspace, DbInfo db, String what, String key) {
        Object value = keyspace.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof HashValue hash) {
            return hash.fields;
        }
        throw wrongType(db, what + " " + key);
    }

    static Map<String, String> hashForWrite(Map<String, Object> keyspace, DbInfo db, String what, String key) {
        Map<String, String> hash = hash(keyspace, db, what, key);
        if (hash == null) {
            HashValue created = new HashValue();
            keyspace.put(key, created);
            hash = created.fields;
        }
        return hash;
    }

    /** HSET of every field, in order; null, the answer nobody reads. */
    static Void hset(Map<String, Object> keyspace, DbInfo db, String key, Map<String, String> fields) {
        hashForWrite(keyspace, db, "HSET", key).putAll(fields);
        return null;
    }

    /** The set at {@code key}, or null when there is none. */
    static Set<String> set(Map<String, Object> keyspace, DbInfo db, String what, String key) {
        Object value = keyspace.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof SetValue set) {
            return set.members;
        }
        throw wrongType(db, what + " " + key);
    }

    /** SADD of one member; true when it was added. */
    static boolean sadd(Map<String, Object> keyspace, DbInfo db, String key, String member) {
        Set<String> set = set(keyspace, db, "SADD", key);
        if (set == null) {
            SetValue created = new SetValue();
            keyspace.put(key, created);
            set = created.members;
        }
        return set.add(member);
    }

    /** Redis drops a hash or set whose last element went. */
    static void dropIfEmpty(Map<String, Object> keyspace, String key) {
        Object value = keyspace.get(key);
        if (value instanceof HashValue hash && hash.fields.isEmpty()
                || value instanceof SetValue set && set.members.isEmpty()) {
            keyspace.remove(key);
        }
    }

    static void putString(Map<String, Object> keyspace, String key, String value) {
        keyspace.put(key, new StringValue(value));
    }

    static void putSet(Map<String, Object> keyspace, String key, List<String> members) {
        SetValue set = new SetValue();
        set.members.addAll(members);
        keyspace.put(key, set);
    }

    static DbUnavailableException unavailable(DbInfo db, String what) {
        // the SONiC client's wording: the database first, which is how REDIS_DOWN's details name it
        return new DbUnavailableException(db.name() + " (instance " + db.instance() + ", " + db.endpoint() + "): "
                + what + " failed: the in-memory Redis is down", null);
    }

    static DbException wrongType(DbInfo db, String what) {
        return new DbException(db.name() + ": " + what + " rejected by Redis: WRONGTYPE Operation against a key"
                + " holding the wrong kind of value");
    }

    private static final class HashValue {
        final Map<String, String> fields = new LinkedHashMap<>();
    }

    private static final class SetValue {
        final Set<String> members = new LinkedHashSet<>();
    }

    private record StringValue(String value) {
    }
}
