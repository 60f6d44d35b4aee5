package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;

/** Reference §6 behaviours of a cold start: the CONFIG_DB copy, PortConfigDone, pruning, old netdevs, PortInitDone. */
class ColdStartTest extends EngineTestBase {

    @Test
    void behaviour01_coldCopyOfPortConfig() throws Exception {
        configurePort("Ethernet0", "lanes", "0,1,2,3", "alias", "etp1", "speed", "100000", "admin_status", "down",
                "mtu", "9100", "index", "0");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            startDaemon();
            await(() -> !orchagent.popped("Ethernet0").isEmpty(), "orchagent pops Ethernet0");

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("lanes", "0,1,2,3");
            expected.put("alias", "etp1");
            expected.put("speed", "100000");
            expected.put("admin_status", "down");
            expected.put("mtu", "9100");
            expected.put("index", "0");
            KeyOpFields popped = orchagent.popped("Ethernet0").get(0);
            assertThat(popped.op()).isEqualTo(KeyOpFields.Op.SET);
            assertThat(popped.fields()).containsExactlyEntriesOf(expected);
            assertThat(applRow("Ethernet0")).containsExactlyEntriesOf(expected);

            List<MonitorLine> sets = monitor.commands(c -> c.is(APPL_DB, "EVALSHA") && !c.lua()
                    && "Ethernet0".equals(c.arg(3 + Integer.parseInt(c.arg(2)) + 1)));
            assertThat(sets).hasSize(1);
            List<String> args = sets.get(0).args();
            assertThat(args.get(2)).isEqualTo("8");
            assertThat(args.subList(3, 5)).containsExactly("PORT_TABLE_CHANNEL@0", "PORT_TABLE_KEY_SET");
            assertThat(args.subList(5, 11)).containsOnly("_PORT_TABLE:Ethernet0");
            assertThat(args.subList(11, 13)).containsExactly("G", "Ethernet0");
            assertThat(args.subList(13, 25)).containsExactly("lanes", "0,1,2,3", "alias", "etp1", "speed", "100000",
                    "admin_status", "down", "mtu", "9100", "index", "0");
        }
    }

    @Test
    void behaviour02_portConfigDoneCountsConfiguredPorts() {
        configurePorts("Ethernet0", "Ethernet4", "Ethernet8");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        startDaemon();
        await(() -> !orchagent.popped("PortConfigDone").isEmpty(), "orchagent pops PortConfigDone");

        assertThat(orchagent.popped("PortConfigDone").get(0).fields()).containsExactlyEntriesOf(Map.of("count", "3"));
        assertThat(applRow("PortConfigDone")).containsExactlyEntriesOf(Map.of("count", "3"));
        assertThat(orchagent.popped().stream().map(KeyOpFields::key))
                .contains("Ethernet0", "Ethernet4", "Ethernet8", "PortConfigDone");
    }

    @Test
    void behaviour03_zeroPortsStillGivePortConfigDoneAndPortInitDone() {
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemon();
        await(() -> !orchagent.popped("PortInitDone").isEmpty(), "PortInitDone after the first netlink read");

        assertThat(applRow("PortConfigDone")).containsExactlyEntriesOf(Map.of("count", "0"));
        assertThat(applRow("PortInitDone")).containsExactlyEntriesOf(Map.of("lanes", "0"));
        assertThat(daemon.sync.status().running()).isTrue();
        assertThat(daemon.sync.status().portConfigDone()).isTrue();
    }

    @Test
    void behaviour04_fieldsAreCopiedVerbatim() {
        configurePort("Ethernet4", "NULL", "NULL");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        startDaemon();
        await(() -> !orchagent.popped("Ethernet4").isEmpty(), "orchagent pops Ethernet4");

        assertThat(orchagent.popped("Ethernet4").get(0).fields()).containsExactlyEntriesOf(Map.of("NULL", "NULL"));
        assertThat(applRow("Ethernet4")).containsExactlyEntriesOf(Map.of("NULL", "NULL"));
    }

    @Test
    void behaviour08_coldStartWritesRestoreCountZeroAndNoState() {
        configurePorts("Ethernet0");
        startDaemonAndWait();

        assertThat(row(state, "WARM_RESTART_TABLE|portsyncd")).containsExactlyEntriesOf(Map.of("restore_count", "0"));
    }

    @Test
    void behaviour20_oldNetdevsAreTakenDownAndIgnored() {
        configurePorts("Ethernet0");
        ns.addTap("Ethernet0");
        ns.up("Ethernet0");
        int oldIfindex = ns.ifindex("Ethernet0");
        startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemonAndWait();

        await(() -> !KernelLinks.read(ns).get("Ethernet0").adminUp(), "the old Ethernet0 is set admin down");
        long ignored = daemon.metrics.get(Counter.NETLINK_IGNORED_OLD_IFINDEX);
        ns.up("Ethernet0");
        awaitCounter(daemon, Counter.NETLINK_IGNORED_OLD_IFINDEX, ignored + 1);
        assertThat(state.exists("PORT_TABLE|Ethernet0")).isFalse();

        state.hset("PORT_TABLE|Ethernet0", "host_tx_ready", "true");
        ignored = daemon.metrics.get(Counter.NETLINK_IGNORED_OLD_IFINDEX);
        ns.delete("Ethernet0");
        awaitCounter(daemon, Counter.NETLINK_IGNORED_OLD_IFINDEX, ignored + 1);
        assertThat(row(state, "PORT_TABLE|Ethernet0")).containsExactlyEntriesOf(Map.of("host_tx_ready", "true"));

        ns.addTap("Ethernet0");
        assertThat(ns.ifindex("Ethernet0")).isNotEqualTo(oldIfindex);
        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));
        assertThat(stateRow("Ethernet0")).containsEntry("host_tx_ready", "true");
    }

    @Test
    void behaviour22_dpuKeepsOldNetdevsButStillPrunes() {
        config.hset("DEVICE_METADATA|localhost", "switch_type", "dpu");
        configurePorts("Ethernet0");
        appl.hset("PORT_TABLE:Ethernet0", "admin_status", "up");
        ns.addTap("Ethernet0");
        ns.up("Ethernet0");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemonAndWait();

        await(() -> !orchagent.popped("PortInitDone").isEmpty(), "PortInitDone: the pruned port is not awaited");
        awaitStateRow("Ethernet0", stateFields("down", "up", "1500"));
        assertThat(KernelLinks.read(ns).get("Ethernet0").adminUp()).isTrue();
        assertThat(daemon.metrics.get(Counter.NETLINK_IGNORED_OLD_IFINDEX)).isZero();
    }

    @Test
    void behaviour24_portsAlreadyInApplDbArePrunedSoPortInitDoneFollowsTheDump() {
        configurePorts("Ethernet0", "Ethernet4");
        appl.hset("PORT_TABLE:Ethernet0", Map.of("admin_status", "up", "mtu", "9100"));
        appl.hset("PORT_TABLE:Ethernet4", Map.of("admin_status", "up", "mtu", "9100"));
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemon();

        await(() -> !orchagent.popped("PortInitDone").isEmpty(), "PortInitDone without any Ethernet netdev");
        assertThat(orchagent.popped("PortInitDone").get(0).fields()).containsExactlyEntriesOf(Map.of("lanes", "0"));
        assertThat(daemon.sync.status().pendingPorts()).isZero();
        assertThat(KernelLinks.read(ns).keySet()).noneMatch(name -> name.startsWith("Ethernet"));
    }

    @Test
    void behaviour25_noPortInitDoneWhileAConfiguredPortHasNoNetdev() {
        configurePorts("Ethernet0", "Ethernet4");
        // orchagent pops after the start-up: had it popped before, the ports would have been pruned (behaviour 24)
        Daemon daemon = startDaemonAndWait();
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        await(() -> !orchagent.popped("Ethernet4").isEmpty(), "orchagent pops the ports");
        ns.addTap("Ethernet0");
        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));

        ns.addTap("eth0");
        awaitCounter(daemon, Counter.NETLINK_IGNORED_NAME, 2);
        assertThat(orchagent.popped("PortInitDone")).isEmpty();
        assertThat(appl.exists("PORT_TABLE:PortInitDone", "_PORT_TABLE:PortInitDone")).isZero();
        assertThat(daemon.sync.status().portInitDone()).isFalse();
        assertThat(daemon.sync.status().pendingPorts()).isEqualTo(1);
    }

    @Test
    void behaviour26_readinessKeysExistAfterANormalStart() {
        configurePorts("Ethernet0", "Ethernet4");
        startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        startDaemon();

        await(() -> appl.exists("PORT_TABLE:PortInitDone") && appl.exists("PORT_TABLE:PortConfigDone"),
                "APPL_DB has PORT_TABLE:PortInitDone and PORT_TABLE:PortConfigDone");
    }

    @Test
    void behaviour27_portConfigDoneCountMatchesThePortTable() {
        configurePorts("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
        startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        startDaemon();
        await(() -> appl.exists("PORT_TABLE:PortInitDone"), "PortInitDone");

        int count = Integer.parseInt(appl.hget("PORT_TABLE:PortConfigDone", "count"));
        assertThat(count).isEqualTo(appl.keys("PORT_TABLE:*").size() - 2).isEqualTo(4);
    }

    @Test
    void behaviour31_aPortThatVanishesBeforeItsReadIsStillSetWithoutFields() throws Exception {
        configurePorts("Ethernet0");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        PortConfigReader reader = new PortConfigReader(1 << 20, MetricsRecorder.NONE);
        try (DbConnection configDb = client.connect(SonicDb.CONFIG_DB);
                ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            // the listing saw Ethernet9, then its row disappeared before the read
            List<KeyFields> rows = reader.readRows(configDb, List.of("Ethernet0", "Ethernet9"));
            assertThat(rows).extracting(KeyFields::key).containsExactly("Ethernet0", "Ethernet9");
            assertThat(rows.get(1).fields()).isEmpty();
            producer.setAll(rows);
        }

        await(() -> !orchagent.popped("Ethernet9").isEmpty(), "orchagent pops Ethernet9");
        assertThat(orchagent.popped("Ethernet9").get(0).op()).isEqualTo(KeyOpFields.Op.DEL);
        assertThat(appl.exists("_PORT_TABLE:Ethernet9")).isFalse();
    }

    @Test
    void behaviour32_aSecondSetOfAPendingKeyPublishesNothingAndMerges() throws Exception {
        configurePort("Ethernet0", "lanes", "0,1,2,3", "speed", "100000");
        startDaemonAndWait();
        await(() -> appl.sismember("PORT_TABLE_KEY_SET", "PortConfigDone"), "PortConfigDone produced");
        stopDaemon();

        config.hset("PORT|Ethernet0", "fec", "rs");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            startDaemonAndWait();
            assertThat(monitor.commands(c -> c.lua() && c.name().equals("PUBLISH"))).isEmpty();
        }
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("lanes", "0,1,2,3");
        merged.put("speed", "100000");
        merged.put("fec", "rs");
        assertThat(row(appl, "_PORT_TABLE:Ethernet0")).containsExactlyEntriesOf(merged);

        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        await(() -> !orchagent.popped("Ethernet0").isEmpty(), "orchagent pops Ethernet0");
        assertThat(orchagent.popped("Ethernet0")).hasSize(1);
        assertThat(orchagent.popped("Ethernet0").get(0).fields()).containsExactlyEntriesOf(merged);
    }

    @Test
    void behaviour33_loggerRowGetsItsDefaults() {
        startDaemonAndWait();
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("LOGLEVEL", "NOTICE");
        defaults.put("LOGOUTPUT", "SYSLOG");
        assertThat(row(config, "LOGGER|portsyncd")).containsExactlyEntriesOf(defaults);
        stopDaemon();

        config.hset("LOGGER|portsyncd", Map.of("LOGLEVEL", "DEBUG", "LOGOUTPUT", "STDERR"));
        startDaemonAndWait();
        assertThat(row(config, "LOGGER|portsyncd"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("LOGLEVEL", "DEBUG", "LOGOUTPUT", "STDERR"));
    }

    @Test
    void behaviour37_coldSwssStartWipesStateAndEveryRowIsRecreated() {
        List<String> ports = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
        configurePorts(ports.toArray(String[]::new));
        appl.hset("PORT_TABLE:Ethernet0", "stale", "yes");
        for (String port : ports) {
            state.hset("PORT_TABLE|" + port, Map.of("state", "ok", "netdev_oper_status", "up"));
        }
        // what swss.sh does on a cold start before portsyncd runs
        appl.flushDB();
        state.keys("PORT_TABLE*").forEach(state::del);

        startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        startDaemon();
        for (String port : ports) {
            awaitStateRow(port, stateFields("down", "down", "1500"));
        }
        assertThat(applRow("Ethernet0")).doesNotContainKey("stale");
    }

    @Test
    void hostileConfigRowsAreCopiedOrRejectedButNeverStopTheStart() {
        configurePort("Ethernet0", "lanes@extra", "0,1,2,3", "@hidden", "x", "alias", "");
        configurePort("Ethernet4", "binary", "\u0000\u0001\u00ff\ud83d\ude00", "speed", "100000");
        configurePort("Ethernet8", "huge", "x".repeat(2 << 20));
        config.set("PORT|Ethernet12", "not a hash");
        configurePort("Ether net\n16", "lanes", "16");
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        Daemon daemon = startDaemonAndWait();
        await(() -> !orchagent.popped("PortConfigDone").isEmpty(), "PortConfigDone");

        assertThat(daemon.metrics.get(Counter.CONFIG_ROWS_REJECTED)).isEqualTo(2);
        assertThat(applRow("PortConfigDone")).containsExactlyEntriesOf(Map.of("count", "3"));
        Map<String, String> ethernet0 = new LinkedHashMap<>();
        ethernet0.put("lanes", "0,1,2,3");
        ethernet0.put("", "x");
        ethernet0.put("alias", "");
        assertThat(applRow("Ethernet0")).containsExactlyEntriesOf(ethernet0);
        assertThat(applRow("Ethernet4")).containsEntry("binary", "\u0000\u0001\u00ff\ud83d\ude00");
        assertThat(applRow("Ether net\n16")).containsExactlyEntriesOf(Map.of("lanes", "16"));
        List<String> keys = new ArrayList<>(appl.keys("PORT_TABLE:*"));
        assertThat(keys).doesNotContain("PORT_TABLE:Ethernet8", "PORT_TABLE:Ethernet12");
        assertThat(daemon.sync.status().pendingPorts()).isEqualTo(3);
    }
}
