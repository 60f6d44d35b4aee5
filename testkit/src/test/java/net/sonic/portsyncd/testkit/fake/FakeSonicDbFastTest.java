package net.sonic.portsyncd.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.Script;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;
import org.junit.jupiter.api.Test;

class FakeSonicDbFastTest {
    private final FakeSonicDb db = new FakeSonicDb();

    @Test
    void databasesHaveSonicsIdsAndSeparatorsWithStateDbOnAnInstanceOfItsOwn() {
        assertThat(db.info(SonicDb.APPL_DB).id()).isZero();
        assertThat(db.info(SonicDb.APPL_DB).key("PORT_TABLE", "Ethernet0")).isEqualTo("PORT_TABLE:Ethernet0");
        assertThat(db.info(SonicDb.CONFIG_DB).key("PORT", "Ethernet0")).isEqualTo("PORT|Ethernet0");
        assertThat(db.info(SonicDb.STATE_DB).key("PORT_TABLE", "Ethernet0")).isEqualTo("PORT_TABLE|Ethernet0");
        assertThat(db.info(SonicDb.STATE_DB).endpoint()).isNotEqualTo(db.info(SonicDb.APPL_DB).endpoint());
        assertThatThrownBy(() -> db.info("NO_SUCH_DB")).isInstanceOf(DbException.class);
    }

    @Test
    void tableKeysListOnlyThatTableAndTakeItsNameLiterally() {
        db.hset(SonicDb.CONFIG_DB, "PORT|Ethernet0", "lanes", "0");
        db.hset(SonicDb.CONFIG_DB, "PORT|", "lanes", "1");
        db.hset(SonicDb.CONFIG_DB, "PORTCHANNEL|PortChannel1", "mtu", "9100");
        db.hset(SonicDb.CONFIG_DB, "PORT_QOS_MAP|Ethernet0", "x", "y");
        db.hset(SonicDb.CONFIG_DB, "P*|x", "a", "b");
        try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
            assertThat(config.table("PORT").keys()).containsExactlyInAnyOrder("Ethernet0", "");
            assertThat(config.table("P*").keys()).containsExactly("x");
        }
    }

    @Test
    void tableGetCutsFieldNamesAtTheFirstAtAndKeepsValues() {
        db.hset(SonicDb.CONFIG_DB, "PORT|Ethernet0", "lanes@ignored", "0,1", "alias", "etp1@x");
        try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
            assertThat(config.table("PORT").get("Ethernet0")).containsExactly(Map.entry("lanes", "0,1"),
                    Map.entry("alias", "etp1@x"));
            assertThat(config.table("PORT").hget("Ethernet0", "alias")).contains("etp1");
        }
    }

    @Test
    void hsetKeepsFieldOrderUpdatesInPlaceAndAnEmptyHsetSendsNothing() {
        try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
            state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            state.hset("PORT_TABLE|Ethernet0", Map.of("mtu", "9100"));
            state.hset("PORT_TABLE|Ethernet0", Map.of("state", "again"));
            state.hset("PORT_TABLE|Ethernet4", Map.of());
            assertThat(state.hgetall("PORT_TABLE|Ethernet0")).containsExactly(Map.entry("state", "again"),
                    Map.entry("mtu", "9100"));
            assertThat(state.exists("PORT_TABLE|Ethernet4")).isFalse();
        }
        assertThat(db.commands(c -> c.name().equals("HSET"))).hasSize(3);
    }

    @Test
    void hashCommandsOnAnotherTypeAreRefusedWithWrongType() {
        db.putString(SonicDb.CONFIG_DB, "PORT|Ethernet8", "not a hash");
        try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
            assertThatThrownBy(() -> config.hgetall("PORT|Ethernet8")).isInstanceOf(DbException.class)
                    .isNotInstanceOf(DbUnavailableException.class).hasMessageContaining("WRONGTYPE")
                    .hasMessageStartingWith("CONFIG_DB");
            assertThat(config.exists("PORT|Ethernet8")).isTrue();
        }
    }

    @Test
    void aPipelineRunsEveryCommandThenFailsAtTheFirstRefusalAndOnlyEarlierRepliesAreReadable() {
        db.putSet(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4", "member");
        try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
            Batch batch = state.batch();
            Supplier<Boolean> before = batch.exists("PORT_TABLE|Ethernet0");
            batch.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            Supplier<Map<String, String>> refused = batch.hgetall("PORT_TABLE|Ethernet4");
            batch.hset("PORT_TABLE|Ethernet8", Map.of("state", "ok"));
            Supplier<Boolean> after = batch.exists("PORT_TABLE|Ethernet8");

            assertThatThrownBy(batch::execute).isInstanceOf(DbException.class).hasMessageContaining("WRONGTYPE");
            assertThat(before.get()).isFalse();
            assertThatThrownBy(refused::get).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(after::get).isInstanceOf(IllegalStateException.class);
            assertThat(db.row(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).containsEntry("state", "ok");
            assertThat(db.row(SonicDb.STATE_DB, "PORT_TABLE|Ethernet8")).containsEntry("state", "ok");
            assertThatThrownBy(batch::execute).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aLostServerRefusesConnectionsAndCommandsNamingTheDatabaseFirstUntilItComesBack() {
        DbConnection state = db.connect(SonicDb.STATE_DB);
        db.goDown();
        assertThatThrownBy(() -> db.connect(SonicDb.APPL_DB)).isInstanceOf(DbUnavailableException.class)
                .hasMessageStartingWith("APPL_DB");
        assertThatThrownBy(() -> state.hgetall("PORT_TABLE|Ethernet0")).isInstanceOf(DbUnavailableException.class)
                .hasMessageStartingWith("STATE_DB");
        assertThatThrownBy(() -> state.serverRunId(Duration.ofSeconds(1))).isInstanceOf(DbUnavailableException.class);
        assertThatThrownBy(() -> db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE"))
                .isInstanceOf(DbUnavailableException.class);
        db.comeBack();
        state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
        assertThat(db.row(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).containsEntry("state", "ok");
        state.close();
    }

    @Test
    void goingDownAtACommandLeavesTheCommandsBeforeItAppliedAndThatOneNot() {
        db.goDownAt(command -> command.key().equals("PORT_TABLE|Ethernet4"));
        try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
            Batch batch = state.batch();
            batch.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            batch.hset("PORT_TABLE|Ethernet4", Map.of("state", "ok"));
            assertThatThrownBy(batch::execute).isInstanceOf(DbUnavailableException.class);
        }
        assertThat(db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0")).isTrue();
        assertThat(db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4")).isFalse();
        assertThat(db.isUp()).isFalse();
    }

    @Test
    void aRestartChangesTheRunIdAndKeepsTheDataOrLosesThemAll() {
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone", "count", "4");
        try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
            String first = state.serverRunId(Duration.ofSeconds(1));
            db.restart();
            String second = state.serverRunId(Duration.ofSeconds(1));
            assertThat(second).isNotEqualTo(first);
            assertThat(db.exists(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone")).isTrue();
            db.restartEmpty();
            assertThat(state.serverRunId(Duration.ofSeconds(1))).isNotIn(first, second);
            assertThat(db.exists(SonicDb.APPL_DB, "PORT_TABLE:PortConfigDone")).isFalse();
        }
    }

    @Test
    void aClosedConnectionRefusesAndIsNoLongerCounted() {
        DbConnection config = db.connect(SonicDb.CONFIG_DB);
        assertThat(db.openConnections()).isEqualTo(1);
        config.close();
        assertThat(db.openConnections()).isZero();
        assertThatThrownBy(() -> config.hgetall("PORT|Ethernet0")).isInstanceOf(DbException.class)
                .isNotInstanceOf(DbUnavailableException.class).hasMessageContaining("closed");
    }

    @Test
    void scriptsAreRefusedNotRun() {
        try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
            Script script = new Script("writes", "return redis.call('HSET', KEYS[1], 'a', 'b')", true);
            assertThatThrownBy(() -> state.evalScript(script, List.of("k"), List.of()))
                    .isInstanceOf(DbException.class).isNotInstanceOf(DbUnavailableException.class);
            assertThat(db.exists(SonicDb.STATE_DB, "k")).isFalse();
        }
    }

    @Test
    void theProducerLeavesFieldsPendingAndPublishesOnlyForAKeyNotPendingYet() {
        try (ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            producer.set("Ethernet0", Map.of("lanes", "0"));
            producer.setAll(List.of(new KeyFields("Ethernet0", Map.of("mtu", "9100")),
                    new KeyFields("Ethernet4", Map.of("lanes", "4"))));
        }
        assertThat(db.row(SonicDb.APPL_DB, "_PORT_TABLE:Ethernet0")).containsEntry("lanes", "0")
                .containsEntry("mtu", "9100");
        assertThat(db.exists(SonicDb.APPL_DB, "PORT_TABLE:Ethernet0")).isFalse();
        assertThat(db.publications()).containsExactly(new FakeSonicDb.Publication("PORT_TABLE_CHANNEL@0", "G"),
                new FakeSonicDb.Publication("PORT_TABLE_CHANNEL@0", "G"));
        assertThat(db.commands()).extracting(FakeSonicDb.Command::name).containsOnly("PRODUCER_SET");
    }

    @Test
    void theConsumerMovesPendingFieldsIntoTheTableAndAPendingDelRemovesTheRow() {
        db.hset(SonicDb.APPL_DB, "PORT_TABLE:Ethernet8", "lanes", "8", "admin_status", "up");
        try (ConsumerStateTable consumer = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);
                ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            assertThat(consumer.pop(Duration.ZERO)).isEmpty();
            producer.set("Ethernet0", Map.of("lanes", "0"));
            producer.del("Ethernet8");
            List<KeyOpFields> popped = consumer.pop(Duration.ofSeconds(1));
            assertThat(popped).extracting(KeyOpFields::key, KeyOpFields::op).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Ethernet0", KeyOpFields.Op.SET),
                    org.assertj.core.groups.Tuple.tuple("Ethernet8", KeyOpFields.Op.DEL));
        }
        assertThat(db.row(SonicDb.APPL_DB, "PORT_TABLE:Ethernet0")).containsEntry("lanes", "0");
        assertThat(db.exists(SonicDb.APPL_DB, "PORT_TABLE:Ethernet8")).isFalse();
        assertThat(db.keys(SonicDb.APPL_DB, "_PORT_TABLE*")).isEmpty();
        assertThat(db.keys(SonicDb.APPL_DB, "PORT_TABLE_*_SET")).isEmpty();
    }

    @Test
    void aConsumerCreatedAfterTheProducerStillPopsWhatIsPending() {
        try (ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            producer.set("Ethernet0", Map.of("lanes", "0"));
        }
        try (ConsumerStateTable consumer = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            assertThat(consumer.pop(Duration.ZERO)).extracting(KeyOpFields::key).containsExactly("Ethernet0");
        }
    }

    @Test
    void theWarmStartCheckIncrementsRestoreCountOnlyWhenEnabledAndCounted() {
        WarmStartCheck disabled = db.warmStart().checkWarmStart("portsyncd", "swss");
        assertThat(disabled.warm()).isFalse();
        assertThat(db.row(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd")).containsEntry("restore_count", "0");

        db.hset(SonicDb.STATE_DB, "WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        db.del(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd");
        assertThat(db.warmStart().checkWarmStart("portsyncd", "swss").warm()).as("no restore_count").isFalse();

        db.hset(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd", "restore_count", "4");
        WarmStartCheck warm = db.warmStart().checkWarmStart("portsyncd", "swss");
        assertThat(warm.warm()).isTrue();
        assertThat(warm.dockerEnabled()).isTrue();
        assertThat(warm.restoreCount()).isEqualTo(5);
        assertThat(db.row(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd")).containsEntry("restore_count", "5");

        db.hset(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd", "restore_count", "many");
        assertThat(db.warmStart().checkWarmStart("portsyncd", "swss").warm()).as("not a number").isFalse();

        db.warmStart().setWarmStartState("portsyncd", WarmStartState.RECONCILED);
        assertThat(db.row(SonicDb.STATE_DB, "WARM_RESTART_TABLE|portsyncd")).containsEntry("state", "reconciled");
    }
}
