package net.sonic.portsyncd.core;

import static net.sonic.portsyncd.core.FakeSwitch.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis outages: the engine stays up and keeps the latest state per port, raises REDIS_DOWN at the first failure,
 * and clears it only once STATE_DB has been verified against a fresh kernel dump, twice.
 */
class OutageFastTest {
    private final FakeSwitch sw = new FakeSwitch();

    @AfterEach
    void stop() {
        sw.close();
    }

    private void awaitRedisDown() {
        await(() -> sw.alarms.active(AlarmType.REDIS_DOWN), "REDIS_DOWN raised");
    }

    private void awaitVerified() {
        await(() -> !sw.alarms.active(AlarmType.REDIS_DOWN), "REDIS_DOWN cleared");
    }

    private RecordingAlarms.Call lastClear() {
        return sw.alarms.calls.stream().filter(call -> !call.raise() && call.type() == AlarmType.REDIS_DOWN)
                .reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void aChangeDuringAnOutageIsKeptAndWrittenOnceAsTheLatestWhenRedisIsBack() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.db.goDown();
        sw.kernel.setAdminState("Ethernet0", false);
        awaitRedisDown();
        assertThat(sw.sync.status().redisAvailable()).isFalse();
        sw.kernel.setMtu("Ethernet0", 9000);
        sw.kernel.setAdminState("Ethernet0", true);
        sw.awaitCounter(Counter.COALESCED_UPDATES, 1);
        await(() -> sw.sync.status().backlogPorts() == 1, "one port waits for Redis");

        sw.db.forgetCommands();
        sw.db.comeBack();
        awaitVerified();

        assertThat(sw.stateRow("Ethernet0")).containsEntry("admin_status", "up").containsEntry("mtu", "9000");
        assertThat(sw.stateRowWrites()).containsExactly("HSET PORT_TABLE|Ethernet0");
        assertThat(sw.metrics.get(Counter.REDIS_OUTAGES)).isEqualTo(1);
        assertThat(sw.metrics.get(Counter.STATE_DB_REPAIRS)).isEqualTo(1);
        assertThat(lastClear().text()).contains("STATE_DB verified against a fresh kernel dump of 3 links: 1 rows"
                + " written, 0 deleted");
        assertThat(sw.sync.status().redisAvailable()).isTrue();
        assertThat(sw.sync.status().backlogPorts()).isZero();
    }

    @Test
    void aNetdevThatVanishedDuringTheOutageLosesItsRow() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.db.goDown();
        sw.kernel.deleteLink("Ethernet4");
        awaitRedisDown();
        sw.db.comeBack();
        awaitVerified();

        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4")).isFalse();
        sw.awaitStateDbMatchesKernel();
    }

    @Test
    void redisLostHalfWayThroughABatchLosesNoneOfItsMessages() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.db.goDownAt(command -> command.name().equals("HSET") && command.key().equals("PORT_TABLE|Ethernet4"));
        sw.kernel.inOneBatch(() -> {
            sw.kernel.setMtu("Ethernet0", 9000);
            sw.kernel.setMtu("Ethernet4", 9000);
        });
        awaitRedisDown();
        assertThat(sw.stateRow("Ethernet0")).containsEntry("mtu", "9000");
        assertThat(sw.stateRow("Ethernet4")).containsEntry("mtu", "1500");

        sw.db.comeBack();
        awaitVerified();
        assertThat(sw.stateRow("Ethernet4")).containsEntry("mtu", "9000");
    }

    @Test
    void redisDownStaysRaisedUntilTheConfirmingPassHasRewrittenWhatLateCommandsOverwrote() {
        sw.coldStarted("Ethernet0");
        sw.db.goDown();
        sw.kernel.setAdminState("Ethernet0", false);
        awaitRedisDown();
        sw.db.comeBack();
        await(() -> "down".equals(sw.stateRow("Ethernet0").get("admin_status")), "the first pass");

        // a command a connection sent before the outage, executed by Redis only now
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0", "admin_status", "up", "netdev_oper_status", "up");
        assertThat(sw.alarms.active(AlarmType.REDIS_DOWN)).as("nothing said before it is verified").isTrue();

        awaitVerified();
        assertThat(sw.stateRow("Ethernet0")).containsEntry("admin_status", "down")
                .containsEntry("netdev_oper_status", "down");
        assertThat(lastClear().text()).contains("2 rows written");
    }

    @Test
    void aRestartedRedisThatCameBackFromAnOldSnapshotIsFoundByTheProbeAndRepaired() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        await(() -> !sw.db.commands(c -> c.name().equals("INFO")).isEmpty(), "the probe knows the server");
        sw.db.restart();
        sw.db.del(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4", "netdev_oper_status", "down");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8", "state", "ok", "netdev_oper_status", "up");

        awaitRedisDown();
        assertThat(sw.alarms.raises(AlarmType.REDIS_DOWN).get(0).details()).containsEntry("detectedBy",
                "the liveness probe");
        awaitVerified();
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.stateRow("Ethernet0")).isNotEmpty();
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8")).isFalse();
    }

    /** The probe meets the new run id after the recovery on that server, or during it: either way one outage. */
    @Test
    void aRedisRestartedDuringAnOutageIsOneOutageWithOneAlarm() {
        sw.coldStarted("Ethernet0");
        await(() -> runIdReads() > 0, "the probe knows the server");
        sw.db.goDown();
        awaitRedisDown();
        sw.db.restart();
        awaitVerified();
        long reads = runIdReads();
        await(() -> runIdReads() >= reads + 2, "the probe asks the restarted server");

        assertThat(sw.alarms.raises(AlarmType.REDIS_DOWN)).hasSize(1);
        assertThat(sw.alarms.active(AlarmType.REDIS_DOWN)).isFalse();
        assertThat(sw.metrics.get(Counter.REDIS_OUTAGES)).isEqualTo(1);
        assertThat(sw.metrics.get(Counter.REDIS_RECONNECTS)).isEqualTo(1);
    }

    private long runIdReads() {
        return sw.db.commands(c -> c.name().equals("INFO")).size();
    }

    @Test
    void theEngineWaitsOutAnOutageWithoutAChangeOfAnyPortAndWritesNothingMeanwhile() {
        sw.coldStarted("Ethernet0");
        Map<String, String> before = sw.stateRow("Ethernet0");
        sw.db.goDown();
        awaitRedisDown();
        sw.db.forgetCommands();
        sw.db.comeBack();
        awaitVerified();

        assertThat(sw.stateRow("Ethernet0")).isEqualTo(before);
        assertThat(sw.stateRowWrites()).isEmpty();
        assertThat(lastClear().text()).contains("0 rows written, 0 deleted");
    }
}
