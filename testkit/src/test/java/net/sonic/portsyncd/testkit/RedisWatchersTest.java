package net.sonic.portsyncd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixtures that watch a Redis from outside: keyspace notifications, MONITOR, and the witness built on it. */
class RedisWatchersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final PrivateRedis redis = PrivateRedis.create();

    @Test
    void keyspaceNotificationsAreCompleteUpToEachCallInTheOrderRedisRanTheCommands() {
        RedisServer server = redis.server();
        try (KeyspaceNotifications rows = KeyspaceNotifications.recording(server.host(), server.port(),
                "__keyspace@6__:PORT_TABLE|*")) {
            long before = System.nanoTime();
            server.commandOn(6, "HSET", "PORT_TABLE|Ethernet0", "admin_status", "up");
            server.commandOn(6, "SET", "OTHER|Ethernet0", "x");
            server.commandOn(6, "DEL", "PORT_TABLE|Ethernet0");

            List<KeyspaceNotifications.Event> events = rows.events();
            assertThat(events).extracting(KeyspaceNotifications.Event::db, KeyspaceNotifications.Event::key,
                    KeyspaceNotifications.Event::op).containsExactly(tuple(6, "PORT_TABLE|Ethernet0", "hset"),
                    tuple(6, "PORT_TABLE|Ethernet0", "del"));
            assertThat(events.get(0).nanos()).isGreaterThan(before).isLessThanOrEqualTo(events.get(1).nanos());
        }
    }

    @Test
    void aStreamingSubscriptionHandsEachNotificationToTheSinkOfTheMomentAndKeepsNone() {
        RedisServer server = redis.server();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KeyspaceNotifications clock = KeyspaceNotifications.streaming(server.host(), server.port(),
                "__keyspace@0__:*")) {
            server.command("SET", "dropped", "1");
            clock.sync();
            clock.sendTo(event -> seen.add(event.key()));
            server.command("SET", "kept", "1");
            clock.sync();
            clock.discard();
            server.command("SET", "dropped", "2");
            clock.sync();

            assertThat(seen).containsExactly("kept");
            assertThatThrownBy(clock::events).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void monitorStreamsEveryCommandWithTheServersTimeStamp() throws Exception {
        RedisServer server = redis.server();
        List<MonitorLine> seen = new CopyOnWriteArrayList<>();
        long before = System.currentTimeMillis() * 1000;
        try (RedisMonitor monitor = new RedisMonitor(server, seen::add)) {
            server.commandOn(6, "HSET", "PORT_TABLE|Ethernet0", "mtu", "9100", "admin_status", "down");
            monitor.sync();
        }
        long after = System.currentTimeMillis() * 1000;

        assertThat(seen).extracting(MonitorLine::name).containsExactly("SELECT", "HSET");
        MonitorLine hset = seen.get(1);
        assertThat(hset.is(6, "HSET")).isTrue();
        assertThat(hset.field("admin_status")).isEqualTo("down");
        assertThat(hset.field("speed")).isNull();
        assertThat(hset.micros()).isBetween(before - 1_000_000, after + 1_000_000);
        assertThat(hset.toString()).endsWith("[6] \"HSET\" \"PORT_TABLE|Ethernet0\" \"mtu\" \"9100\" \"admin_status\" \"down\"");
    }

    @Test
    void theWitnessNamesWhatARestartMustNotDoAndFollowsARestartedRedisOnceReattached() throws Exception {
        RedisServer server = redis.server();
        try (NetNs ns = NetNs.create("psd-witness")) {
            for (String port : List.of("Ethernet0", "Ethernet4")) {
                ns.addTap(port);
                ns.up(port);
                server.commandOn(6, "HSET", "PORT_TABLE|" + port, "state", "ok");
            }
            try (HitlessWitness witness = new HitlessWitness(server, ns, List.of("Ethernet0", "Ethernet4"),
                    List.of("Ethernet0"))) {
                witness.assertHitless("a quiet moment");

                server.restart();
                Poll.until(WAIT, () -> lostRedis(witness), "the witness notices that Redis went away");
                witness.reattachRedis();
                server.commandOn(6, "DEL", "PORT_TABLE|Ethernet4");
                server.commandOn(0, "HSET", "_PORT_TABLE:PortConfigDone", "count", "2");

                assertThatThrownBy(() -> witness.assertHitless("the drill")).hasMessageContaining(
                        "STATE_DB row of a live port deleted: ").hasMessageContaining("\"DEL\" \"PORT_TABLE|Ethernet4\"")
                        .hasMessageContaining("PortConfigDone published again: ");
            }
        }
    }

    private static boolean lostRedis(HitlessWitness witness) {
        try {
            witness.assertHitless("the restart");
            return false;
        } catch (AssertionError e) {
            return e.getMessage().contains("the MONITOR connection ended");
        }
    }
}
