package net.sonic.portsyncd.itests;

import static net.sonic.portsyncd.itests.DrillSwitch.APPL_DB;
import static net.sonic.portsyncd.itests.DrillSwitch.CONFIG_DB;
import static net.sonic.portsyncd.itests.DrillSwitch.KERNEL_LIMIT;
import static net.sonic.portsyncd.itests.DrillSwitch.PORTS;
import static net.sonic.portsyncd.itests.DrillSwitch.STATE_DB;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.management.Notification;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runners.MethodSorters;

/**
 * Redis lost, restored from an old snapshot, or hung, under a running container: the liveness probe raises
 * REDIS_DOWN with no port change to write, the engine repairs STATE_DB from a fresh kernel dump once Redis is back
 * (StateDbRepairCount), and from outside ({@link HitlessWitness}) no row of a live port is deleted, no steady port
 * goes admin-down, no PortConfigDone is published, and STATE_DB equals the kernel within 2 s of Redis answering.
 * While Redis restarts, the container's JVM is stopped (SIGSTOP) so that the witness's MONITOR is attached to the
 * new server before the engine can write there; the engine noticed the outage before that. One container boot for
 * the three drills.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RedisFaultDrillsTest {
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(10);
    private static final Duration HANG = Duration.ofSeconds(10);
    @ClassRule
    public static final DrillContainer DRILL = new DrillContainer();

    @Rule
    public final TestRule eachDrill = DRILL.eachDrill();

    /**
     * Redis SIGKILLed and started again without persistence: every database empty. CONFIG_DB and orchagent's
     * APPL_DB rows (PortConfigDone among them) are put back as the rest of SONiC would; STATE_DB stays empty until
     * portsyncd writes every row again.
     */
    @Test
    public void a_redisRestartedEmpty() throws Exception {
        RedisServer redis = DRILL.get().redis();
        Map<Integer, Map<String, Map<String, String>>> keptBySonic = Map.of(CONFIG_DB, hashes(redis, CONFIG_DB),
                APPL_DB, hashes(redis, APPL_DB));
        outage("Redis restarted empty", RedisServer::restartEmpty, () -> {
            keptBySonic.forEach((db, hashes) -> hashes.forEach((key, fields) -> redis.commandOn(db, hset(key, fields))));
            assertEquals("STATE_DB empty after the restart", "", redis.commandOn(STATE_DB, "KEYS", "*"));
        });
    }

    /**
     * A snapshot saved, then the switch moves on (a port admin-up, an MTU changed, a carrier lost, a port removed),
     * then Redis restarted from the snapshot: STATE_DB says what was true then, including a row of the removed
     * port, until portsyncd repairs it.
     */
    @Test
    public void b_redisRestartedFromAnOldSnapshot() throws Exception {
        RedisServer redis = DRILL.get().redis();
        assertEquals("+OK", redis.command("SAVE"));
        DRILL.get().ns().up(DrillSwitch.ADMIN_DOWN);
        DRILL.get().ns().ip("link", "set", DrillSwitch.JUMBO, "mtu", "9000");
        DRILL.get().ns().down(DrillSwitch.CARRIER_PEERS.get("Ethernet24"));
        DRILL.get().ns().delete("Ethernet28");
        try (HitlessWitness kernel = DRILL.get().witness()) {
            kernel.awaitStateDbEqualsKernel(PORTS, DrillSwitch.SETTLE_LIMIT);
        }
        outage("Redis restarted from an old snapshot", RedisServer::restart, () -> {
            // later restarts come back empty
            Files.delete(redis.directory().resolve("dump.rdb"));
            assertEquals("the snapshot's row of the removed port", ":1",
                    redis.commandOn(STATE_DB, "EXISTS", "PORT_TABLE|Ethernet28"));
        });
    }

    /**
     * Redis SIGSTOPped for 10 s while ports flap: connections stay open and nothing answers. The probe raises
     * REDIS_DOWN during the hang; the flapping stops, Redis continues, and STATE_DB must equal the kernel within
     * 2 s.
     */
    @Test
    public void c_redisStoppedTenSecondsDuringFlapping() throws Exception {
        String what = "Redis SIGSTOPped for 10 s during flapping";
        RedisServer redis = DRILL.get().redis();
        long repairsBefore = DRILL.get().jmx().counter(Counter.STATE_DB_REPAIRS.attributeName());
        List<Notification> alarms = DRILL.get().jmx().listenToAlarms();
        try (HitlessWitness witness = DRILL.get().witness()) {
            long raisedAfter;
            try (LinkFlapper flapper = DRILL.get().flapper()) {
                redis.pause();
                long stopped = System.nanoTime();
                long stoppedAt = System.currentTimeMillis();
                Notification raise = DrillSwitch.awaitAlarm(alarms, AlarmType.REDIS_DOWN, true, PROBE_LIMIT);
                raisedAfter = raise.getTimeStamp() - stoppedAt;
                Poll.until(HANG.plusSeconds(5), () -> System.nanoTime() - stopped >= HANG.toNanos(),
                        "the end of the hang");
            }
            redis.resume();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            DrillSwitch.awaitAlarm(alarms, AlarmType.REDIS_DOWN, false, KERNEL_LIMIT);
            witness.assertHitless(what);
            long repairs = DRILL.get().jmx().counter(Counter.STATE_DB_REPAIRS.attributeName()) - repairsBefore;
            DRILL.get().report(what, "REDIS_DOWN raised %d ms into the hang; STATE_DB equal to the kernel %d ms after "
                    + "SIGCONT; %d repair(s)", raisedAfter, equal.toMillis(), repairs);
        }
    }

    /**
     * Redis SIGKILLed; once the engine has noticed (REDIS_DOWN, with nothing to write), the container is stopped,
     * Redis started again on the same port by {@code restart} and {@code whileTheContainerIsStopped} run, the witness attached to the
     * new server, and the container continued: STATE_DB must be repaired within 2 s.
     */
    private static void outage(String what, Consumer<RedisServer> restart, Step whileTheContainerIsStopped)
            throws Exception {
        RedisServer redis = DRILL.get().redis();
        long repairsBefore = DRILL.get().jmx().counter(Counter.STATE_DB_REPAIRS.attributeName());
        List<Notification> alarms = DRILL.get().jmx().listenToAlarms();
        try (HitlessWitness witness = DRILL.get().witness()) {
            redis.kill();
            long killedAt = System.currentTimeMillis();
            Notification raise = DrillSwitch.awaitAlarm(alarms, AlarmType.REDIS_DOWN, true, PROBE_LIMIT);
            DRILL.get().pauseContainer();
            restart.accept(redis);
            whileTheContainerIsStopped.run();
            witness.reattachRedis();
            DRILL.get().resumeContainer();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            DrillSwitch.awaitAlarm(alarms, AlarmType.REDIS_DOWN, false, KERNEL_LIMIT);
            witness.assertHitless(what);
            long repairs = DRILL.get().jmx().counter(Counter.STATE_DB_REPAIRS.attributeName()) - repairsBefore;
            assertTrue("STATE_DB repairs counted: " + repairs, repairs > 0);
            DRILL.get().report(what, "REDIS_DOWN raised %d ms after the kill; STATE_DB equal to the kernel %d ms after the "
                    + "container continued; %d repair(s)", raise.getTimeStamp() - killedAt, equal.toMillis(), repairs);
        }
    }

    /** Every hash of a database: what the rest of SONiC keeps and puts back after Redis lost it. */
    private static Map<String, Map<String, String>> hashes(RedisServer redis, int db) {
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        for (String key : redis.commandOn(db, "KEYS", "*").split("\n")) {
            if (!key.isEmpty() && "+hash".equals(redis.commandOn(db, "TYPE", key))) {
                String[] reply = redis.commandOn(db, "HGETALL", key).split("\n");
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i + 1 < reply.length; i += 2) {
                    fields.put(reply[i], reply[i + 1]);
                }
                hashes.put(key, fields);
            }
        }
        return hashes;
    }

    private static String[] hset(String key, Map<String, String> fields) {
        List<String> args = new ArrayList<>(List.of("HSET", key));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return args.toArray(String[]::new);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
