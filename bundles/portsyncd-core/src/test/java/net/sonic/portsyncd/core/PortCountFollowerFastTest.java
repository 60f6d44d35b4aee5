package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.fake.FakeSonicDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PortConfigDone's count follows CONFIG_DB's port set (dynamic port breakout), set in place with HSET where
 * PortConfigDone is, never through the producer, so orchagent is not notified of a second PortConfigDone.
 */
class PortCountFollowerFastTest {
    private final FakeSonicDb db = new FakeSonicDb();
    private final CountingMetrics metrics = new CountingMetrics();
    private final RedisSession redis = new RedisSession(db);
    private final PortCountFollower follower = new PortCountFollower(new PortConfigReader(1 << 20, metrics));

    @AfterEach
    void close() {
        redis.close();
    }

    private void configure(String... ports) {
        for (String port : ports) {
            db.hset(SonicDb.CONFIG_DB, "PORT|" + port, "lanes", "0", "speed", "100000");
        }
    }

    /**
     * Two ports configured and PortConfigDone count=2 at {@code signalKey}; then Ethernet0 is broken out into four
     * ports (its row goes, four come) and the follower looks.
     */
    private void breakOutEthernet0(String signalKey) {
        configure("Ethernet0", "Ethernet4");
        db.hset(SonicDb.APPL_DB, signalKey, "count", "2");
        follower.startFrom(2, 2);
        db.del(SonicDb.CONFIG_DB, "PORT|Ethernet0");
        configure("Ethernet0", "Ethernet1", "Ethernet2", "Ethernet3");
        follower.followIfDue(redis);
    }

    private List<FakeSonicDb.Command> appDbWrites() {
        return db.commands(c -> c.db().equals(SonicDb.APPL_DB) && !c.name().equals("HGETALL")
                && !c.name().equals("SCAN"));
    }

    @Test
    void aBreakoutSetsTheCountInPlaceInTheTableOrchagentReads() {
        breakOutEthernet0("PORT_TABLE:PortConfigDone");

        assertThat(db.row(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone")).containsExactly(
                java.util.Map.entry("count", "5"));
        assertThat(appDbWrites()).containsExactly(new FakeSonicDb.Command(SonicDb.APPL_DB, "HSET",
                "PORT_TABLE:PortConfigDone"));
        assertThat(db.publications()).as("orchagent is not notified").isEmpty();
        assertThat(db.exists(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone")).isFalse();
    }

    @Test
    void aPortConfigDoneOrchagentHasNotPoppedYetIsCorrectedWhereItWaits() {
        breakOutEthernet0("_PORT_TABLE:PortConfigDone");

        assertThat(db.row(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone")).containsEntry("count", "5");
        assertThat(db.exists(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone")).as("not created by the follower")
                .isFalse();
    }

    @Test
    void rowsThatCannotBeCopiedAreNotCounted() {
        configure("Ethernet0", "Ethernet4");
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone", "count", "2");
        follower.startFrom(2, 2);
        configure("Ethernet8", "PortInitDone", "");
        db.putString(SonicDb.CONFIG_DB, "PORT|Ethernet12", "not a hash");

        follower.followIfDue(redis);

        assertThat(db.row(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone")).containsEntry("count", "3");
        assertThat(metrics.get(Counter.CONFIG_ROWS_REJECTED)).isEqualTo(3);
    }

    @Test
    void anUnchangedPortSetWritesNothingAndNoPortConfigDoneIsCreated() {
        configure("Ethernet0", "Ethernet4");
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone", "count", "2");
        follower.startFrom(2, 2);
        follower.followIfDue(redis);
        assertThat(appDbWrites()).isEmpty();

        db.flushAll();
        configure("Ethernet0");
        PortCountFollower afterFlush = new PortCountFollower(new PortConfigReader(1 << 20, metrics));
        afterFlush.startFrom(2, 2);
        afterFlush.followIfDue(redis);
        assertThat(db.keys(SonicDb.APPL_DB, "*PortConfigDone")).as("only the count of a PortConfigDone is kept")
                .isEmpty();
    }
}
