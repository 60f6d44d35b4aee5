package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RedisMonitor;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The one-round-trip batch (a script, APPL_DB and STATE_DB on one instance) leaves Redis exactly as the
 * two-round-trip batch and as the reference (existence check, then HSET or DEL, per message) do: the same STATE_DB
 * keyspace events in the same order, the same keys with the same fields in the same order, the same bookkeeping.
 */
class OneRoundTripWritesTest {
    private static final int APPL_DB = 0;
    private static final int STATE_DB = 6;
    private static final String ACCENTED = "Ethernet2\u00e9";

    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    @TempDir
    Path dir;

    /** How a run applies one batch. */
    private interface WritePath {
        EventWriter.Applied apply(EventWriter writer, RedisSession session, List<LinkEvent> batch);
    }

    /** What a run left in Redis and what the engine was told about it. */
    private record Outcome(List<String> keyspaceEvents, Map<String, Object> applDb, Map<String, Object> stateDb,
            List<String> written, List<String> deleted) {
    }

    /** The scripts too: a run must load its own, as after a Redis restart. */
    @BeforeEach
    void noScriptsLoaded() {
        redis().command("SCRIPT", "FLUSH");
    }

    private static RedisServer redis() {
        return REDIS.server();
    }

    @Test
    void oneRoundTripWritesWhatTwoRoundTripsAndTheReferenceWrite() throws Exception {
        List<List<LinkEvent>> batches = List.of(
                List.of(newLink("Ethernet0", LinkEvent.IFF_UP | LinkEvent.IFF_RUNNING, 9100),
                        newLink("Ethernet12", LinkEvent.IFF_UP, 9100),
                        newLink("Ethernet4", LinkEvent.IFF_UP, 1500),
                        delLink("Ethernet16"),
                        delLink("Ethernet20"),
                        newLink(ACCENTED, 0, 9216)),
                List.of(newLink("Ethernet0", 0, 9100),
                        newLink("Ethernet0", LinkEvent.IFF_UP, 9100),
                        delLink("Ethernet8"),
                        newLink("Ethernet8", LinkEvent.IFF_UP | LinkEvent.IFF_RUNNING, 9100),
                        newLink("Ethernet4", LinkEvent.IFF_UP, -1),
                        newLink("Ethernet12", 0, 1500)),
                List.of(newLink("Ethernet12", LinkEvent.IFF_UP, 1500)),
                List.of(delLink("Ethernet0"), delLink(ACCENTED), newLink("Ethernet0", LinkEvent.IFF_UP, 9100)));

        Outcome reference = run(batches, (writer, session, batch) -> reference(batch), false, new CountingMetrics());
        CountingMetrics twoRoundTripMetrics = new CountingMetrics();
        Outcome twoRoundTrips = run(batches, EventWriter::applyInTwoRoundTrips, false, twoRoundTripMetrics);
        List<List<MonitorLine>> sentPerBatch = new ArrayList<>();
        CountingMetrics oneRoundTripMetrics = new CountingMetrics();
        Outcome oneRoundTrip = run(batches, (writer, session, batch) -> {
            try (RedisMonitor monitor = new RedisMonitor(redis())) {
                EventWriter.Applied applied = writer.apply(session, batch);
                sentPerBatch.add(monitor.commands(command -> !command.lua()));
                // the server forgets the script now and then; it is loaded again when needed
                redis().command("SCRIPT", "FLUSH");
                return applied;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, false, oneRoundTripMetrics);

        assertThat(reference.keyspaceEvents()).contains("6 PORT_TABLE|Ethernet0 hset", "6 PORT_TABLE|Ethernet16 del",
                "6 PORT_TABLE|" + ACCENTED + " hset").noneMatch(event -> event.contains("Ethernet12"));
        assertThat(twoRoundTrips).isEqualTo(reference);
        assertThat(oneRoundTrip).isEqualTo(reference);
        for (Counter counter : List.of(Counter.NETLINK_IGNORED_UNKNOWN_PORT, Counter.REDIS_ERRORS)) {
            assertThat(oneRoundTripMetrics.get(counter)).as(counter.name()).isEqualTo(twoRoundTripMetrics.get(counter));
        }
        assertThat(oneRoundTripMetrics.get(Counter.NETLINK_IGNORED_UNKNOWN_PORT)).isEqualTo(3);
        for (List<MonitorLine> sent : sentPerBatch) {
            // EVALSHA on STATE_DB, and SCRIPT LOAD when the server had lost the script: never a command per port
            assertThat(sent).extracting(MonitorLine::name).contains("EVALSHA")
                    .allMatch(name -> name.equals("EVALSHA") || name.equals("SCRIPT"));
            assertThat(sent).allMatch(command -> command.db() == STATE_DB);
        }
    }

    @Test
    void aRefusedRowCostsOnlyItsOwnMessageOnBothPaths() throws Exception {
        List<List<LinkEvent>> batches = List.of(List.of(newLink("Ethernet0", LinkEvent.IFF_UP, 9100),
                newLink("Ethernet4", LinkEvent.IFF_UP, 9100), newLink("Ethernet8", 0, 1500)));
        Outcome twoRoundTrips = run(batches, EventWriter::applyInTwoRoundTrips, true, new CountingMetrics());
        CountingMetrics metrics = new CountingMetrics();
        Outcome oneRoundTrip = run(batches, EventWriter::applyInOneRoundTrip, true, metrics);

        assertThat(oneRoundTrip.stateDb()).isEqualTo(twoRoundTrips.stateDb())
                .containsEntry("PORT_TABLE|Ethernet4", "string:not a hash");
        assertThat(oneRoundTrip.written()).containsExactly("Ethernet0", "Ethernet8");
        assertThat(twoRoundTrips.written()).isEqualTo(oneRoundTrip.written());
        assertThat(metrics.get(Counter.REDIS_ERRORS)).isEqualTo(1);
    }

    @Test
    void aServerThatRefusesTheScriptIsWrittenInTwoRoundTripsFromThenOn() throws Exception {
        redis().command("ACL", "SETUSER", "default", "-evalsha");
        try {
            List<List<LinkEvent>> batches = List.of(List.of(newLink("Ethernet0", LinkEvent.IFF_UP, 9100)),
                    List.of(newLink("Ethernet0", 0, 9100), delLink("Ethernet8")));
            Outcome reference = run(batches, (writer, session, batch) -> reference(batch), false, new CountingMetrics());
            CountingMetrics metrics = new CountingMetrics();
            Outcome refused = run(batches, EventWriter::apply, false, metrics);

            assertThat(refused).isEqualTo(reference);
            // counted once: after the first refusal the script is not tried again
            assertThat(metrics.get(Counter.REDIS_ERRORS)).isEqualTo(1);
        } finally {
            redis().command("ACL", "SETUSER", "default", "+@all");
        }
    }

    @Test
    void databasesOnTwoInstancesAreWrittenInTwoRoundTrips() throws Exception {
        try (RedisServer stateServer = RedisServer.start()) {
            Path split = dir.resolve("database_config.json");
            Files.writeString(split, "{\"INSTANCES\": {"
                    + "\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": " + redis().port() + "},"
                    + "\"redis2\": {\"hostname\": \"127.0.0.1\", \"port\": " + stateServer.port() + "}},"
                    + "\"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \":\", \"instance\": \"redis\"},"
                    + "\"STATE_DB\": {\"id\": 6, \"separator\": \"|\", \"instance\": \"redis2\"}}}");
            redis().commandOn(APPL_DB, "HSET", "PORT_TABLE:Ethernet0", "admin_status", "up");
            try (SonicDbClient client = SonicDbClient.open(split, "", Daemon.CONNECTIONS);
                    RedisSession session = new RedisSession(client)) {
                EventWriter writer = new EventWriter(new CountingMetrics());
                assertThat(session.applAndStateShareAnInstance()).isFalse();
                try (RedisMonitor stateMonitor = new RedisMonitor(stateServer)) {
                    EventWriter.Applied applied = writer.apply(session,
                            List.of(newLink("Ethernet0", LinkEvent.IFF_UP, 9100), newLink("Ethernet4", 0, 9100)));

                    assertThat(applied.written()).extracting(LinkEvent::name).containsExactly("Ethernet0");
                    assertThat(stateMonitor.commands()).extracting(MonitorLine::name).containsExactly("HSET");
                }
                assertThat(stateServer.commandOn(STATE_DB, "HGET", "PORT_TABLE|Ethernet0", "admin_status"))
                        .isEqualTo("up");
            }
        }
    }

    /**
     * Seeds APPL_DB and STATE_DB (with a string where Ethernet4's row belongs when {@code hostileRow}), applies
     * the batches in order and collects what they did.
     */
    private Outcome run(List<List<LinkEvent>> batches, WritePath path, boolean hostileRow, CountingMetrics metrics)
            throws Exception {
        redis().command("FLUSHALL");
        for (String port : List.of("Ethernet0", "Ethernet4", "Ethernet8", ACCENTED)) {
            redis().commandOn(APPL_DB, "HSET", "PORT_TABLE:" + port, "admin_status", "up", "mtu", "9100");
        }
        if (hostileRow) {
            redis().commandOn(STATE_DB, "SET", "PORT_TABLE|Ethernet4", "not a hash");
        } else {
            // a row someone else wrote: fields portsyncd does not own stay, its own are overwritten in place
            redis().commandOn(STATE_DB, "HSET", "PORT_TABLE|Ethernet4", "speed", "100000", "admin_status", "down");
        }
        redis().commandOn(STATE_DB, "HSET", "PORT_TABLE|Ethernet16", "state", "ok");
        EventWriter writer = new EventWriter(metrics);
        List<String> written = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try (KeyspaceNotifications events = KeyspaceNotifications.recording(redis().host(), redis().port(),
                "__keyspace@" + APPL_DB + "__:*", "__keyspace@" + STATE_DB + "__:*");
                SonicDbClient client = SonicDbClient.open(REDIS.databaseConfig(), "", Daemon.CONNECTIONS);
                RedisSession session = new RedisSession(client)) {
            session.state();
            for (List<LinkEvent> batch : batches) {
                EventWriter.Applied applied = path.apply(writer, session, batch);
                applied.written().forEach(event -> written.add(event.name()));
                applied.deleted().forEach(event -> deleted.add(event.name()));
            }
            List<String> keyspaceEvents = events.events().stream()
                    .map(event -> event.db() + " " + event.key() + " " + event.op()).toList();
            return new Outcome(keyspaceEvents, dump(APPL_DB), dump(STATE_DB), written, deleted);
        }
    }

    /** The reference's LinkSync::onMsg, one command at a time on plain connections; counts as EventWriter does. */
    private static EventWriter.Applied reference(List<LinkEvent> batch) {
        List<LinkEvent> written = new ArrayList<>();
        List<LinkEvent> deleted = new ArrayList<>();
        try (Jedis appl = connect(APPL_DB); Jedis state = connect(STATE_DB)) {
            for (LinkEvent event : batch) {
                String row = "PORT_TABLE|" + event.name();
                if (event.type() == LinkMessageType.DEL_LINK) {
                    state.del(row);
                    deleted.add(event);
                } else if (!EngineTestBase.row(appl, "PORT_TABLE:" + event.name()).isEmpty()) {
                    state.hset(row, StateRow.fieldsOf(event));
                    written.add(event);
                }
            }
        }
        return new EventWriter.Applied(written, deleted);
    }

    /** Every key of a database: hashes as their fields in the server's order, other types as type and value. */
    private static Map<String, Object> dump(int db) {
        Map<String, Object> keys = new TreeMap<>();
        try (Jedis jedis = connect(db)) {
            for (String key : jedis.keys("*")) {
                String type = jedis.type(key);
                keys.put(key, type.equals("hash") ? new ArrayList<>(EngineTestBase.row(jedis, key).entrySet())
                        : type + ":" + jedis.get(key));
            }
        }
        return keys;
    }

    private static Jedis connect(int db) {
        Jedis jedis = new Jedis(redis().host(), redis().port());
        jedis.select(db);
        return jedis;
    }

    private static LinkEvent newLink(String name, int flags, long mtu) {
        return new LinkEvent(LinkMessageType.NEW_LINK, LinkEvent.AF_UNSPEC, 10, flags, 0, name, mtu, 0, null, -1, -1,
                null, 0, System.nanoTime());
    }

    private static LinkEvent delLink(String name) {
        return new LinkEvent(LinkMessageType.DEL_LINK, LinkEvent.AF_UNSPEC, 11, 0, 0, name, 1500, 0, null, -1, -1,
                null, 0, System.nanoTime());
    }
}
