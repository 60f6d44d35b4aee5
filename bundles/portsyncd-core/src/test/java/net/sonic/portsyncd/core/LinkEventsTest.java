package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;

/** Reference §6 behaviours of netlink messages: filters, the STATE_DB row, DELLINK, PortInitDone. */
class LinkEventsTest extends EngineTestBase {

    /** The daemon is running and orchagent has popped the configured ports, so their APPL_DB rows exist. */
    private Daemon portsKnownToOrchagent(String... ports) {
        configurePorts(ports);
        Daemon daemon = startDaemonAndWait();
        OrchagentStandIn orchagent = startOrchagent(OrchagentStandIn.HostInterfaces.NONE);
        for (String port : ports) {
            await(() -> !orchagent.popped(port).isEmpty(), "orchagent pops " + port);
        }
        return daemon;
    }

    private void addUpVeth(String port) {
        ns.addVeth(port, OrchagentStandIn.peerOf(port));
        ns.up(OrchagentStandIn.peerOf(port));
    }

    @Test
    void behaviour09_newlinkWritesStateDb() throws Exception {
        portsKnownToOrchagent("Ethernet0");
        addUpVeth("Ethernet0");
        ns.ip("link", "set", "Ethernet0", "mtu", "9100");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            ns.up("Ethernet0");
            awaitStateRow("Ethernet0", stateFields("up", "up", "9100"));

            assertThat(stateRow("Ethernet0")).containsExactlyEntriesOf(stateFields("up", "up", "9100"));
            List<MonitorLine> writes = monitor.commands(c -> c.db() == STATE_DB
                    && "PORT_TABLE|Ethernet0".equals(c.arg(1)) && !c.name().equals("HGETALL"));
            assertThat(writes).isNotEmpty().allSatisfy(c -> assertThat(c.name()).isEqualTo("HSET"));
            assertThat(writes.get(writes.size() - 1).args()).containsExactly("HSET", "PORT_TABLE|Ethernet0",
                    "state", "ok", "netdev_oper_status", "up", "admin_status", "up", "mtu", "9100");
        }
    }

    @Test
    void behaviour10_operFollowsIffRunningNotLowerUp() {
        Daemon daemon = portsKnownToOrchagent("Ethernet0");
        addUpVeth("Ethernet0");
        ns.ip("link", "set", "Ethernet0", "mode", "dormant");
        ns.up("Ethernet0");
        // with carrier but dormant, the kernel reports IFF_LOWER_UP without IFF_RUNNING
        await(() -> ns.ip("-o", "link", "show", "Ethernet0").contains("LOWER_UP")
                && ns.ip("-o", "link", "show", "Ethernet0").contains("state DORMANT"), "Ethernet0 is LOWER_UP and dormant");
        long writes = daemon.metrics.get(Counter.STATE_DB_WRITES);
        ns.ip("link", "set", "Ethernet0", "alias", "after-dormant");
        awaitCounter(daemon, Counter.STATE_DB_WRITES, writes + 1);

        assertThat(portsyncdFields(stateRow("Ethernet0"))).containsExactlyEntriesOf(stateFields("down", "up", "1500"));
    }

    @Test
    void behaviour11_adminDownLink() {
        portsKnownToOrchagent("Ethernet0");
        ns.addTap("Ethernet0");

        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));
    }

    @Test
    void behaviour12_otherFieldsOfTheRowAreKept() {
        portsKnownToOrchagent("Ethernet0");
        state.hset("PORT_TABLE|Ethernet0", Map.of("host_tx_ready", "false", "supported_speeds", "10000,25000,100000"));
        ns.addTap("Ethernet0");

        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));
        assertThat(stateRow("Ethernet0")).containsEntry("host_tx_ready", "false")
                .containsEntry("supported_speeds", "10000,25000,100000");
    }

    @Test
    void behaviour13_portUnknownToApplDbIsNotWrittenAndStaysPending() {
        configurePorts("Ethernet8");
        Daemon daemon = startDaemonAndWait();
        ns.addTap("Ethernet8");

        awaitCounter(daemon, Counter.NETLINK_IGNORED_UNKNOWN_PORT, 1);
        assertThat(state.exists("PORT_TABLE|Ethernet8")).isFalse();
        assertThat(daemon.sync.status().pendingPorts()).isEqualTo(1);
        assertThat(daemon.sync.status().portInitDone()).isFalse();
        assertThat(appl.sismember("PORT_TABLE_KEY_SET", "PortInitDone")).isFalse();
    }

    /**
     * A command the ignored netdevs caused: a write, or any command that names one of them. Left out: the engine's
     * own polls (liveness probe, APPL_DB signals, CONFIG_DB port count), which read on their schedule whatever the
     * kernel does, and the start-up signals (PortInitDone is written once its last configured netdev is known,
     * which may fall within the test), with the channel notification every ProducerStateTable write publishes.
     */
    private static Predicate<MonitorLine> causedBy(String... netdevs) {
        return line -> !line.name().equals("PUBLISH")
                && line.args().stream().noneMatch(arg -> arg.endsWith("PortInitDone") || arg.endsWith("PortConfigDone"))
                && (RedisMonitor.WRITES.contains(line.name()) || line.args().stream().anyMatch(arg -> names(arg, netdevs)));
    }

    private static boolean names(String arg, String... netdevs) {
        return List.of(netdevs).stream().anyMatch(netdev -> arg.equals(netdev) || arg.endsWith(":" + netdev)
                || arg.endsWith("|" + netdev));
    }

    @Test
    void behaviour14_nonPortNamesCauseNoRedisCommand() throws Exception {
        Daemon daemon = startDaemonAndWait();
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            long ignored = daemon.metrics.get(Counter.NETLINK_IGNORED_NAME);
            for (List<String> step : List.of(List.of("tuntap", "add", "dev", "eth0", "mode", "tap"),
                    List.of("link", "set", "eth0", "up"), List.of("link", "set", "lo", "down"),
                    List.of("link", "set", "lo", "up"), List.of("link", "add", "Vlan1000", "type", "bridge"),
                    List.of("link", "add", "Bridge", "type", "bridge"), List.of("link", "add", "docker0", "type", "bridge"),
                    List.of("link", "del", "eth0"))) {
                ns.ip(step.toArray(String[]::new));
                awaitCounter(daemon, Counter.NETLINK_IGNORED_NAME, ++ignored);
                ignored = daemon.metrics.get(Counter.NETLINK_IGNORED_NAME);
            }
            assertThat(monitor.commands(causedBy("eth0", "lo", "Vlan1000", "Bridge", "docker0"))).isEmpty();
        }
    }

    @Test
    void behaviour15_teamNetdevsAreIgnored() throws Exception {
        Daemon daemon = startDaemonAndWait();
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            // this kernel has no team driver: the messages teamd's netdevs produce are handed to the engine as the
            // capture would deliver them
            long now = System.nanoTime();
            daemon.sync.onLinkBatch(List.of(
                    new LinkEvent(LinkMessageType.NEW_LINK, 0, 900, 0x1043, 0, "PortChannel0001", 9100, 0, null, 6, 1,
                            "team", 0, now),
                    new LinkEvent(LinkMessageType.NEW_LINK, 0, 901, 0x1043, 0, "PortChannel111", 9100, 0, null, 6, 1,
                            "team", 0, now),
                    new LinkEvent(LinkMessageType.DEL_LINK, 0, 900, 0, -1, "PortChannel0001", 9100, 0, null, 2, 0,
                            "team", 0, now)));
            awaitCounter(daemon, Counter.NETLINK_IGNORED_TEAM, 3);
            assertThat(monitor.commands(causedBy("PortChannel0001", "PortChannel111"))).isEmpty();
        }
        // a PortChannel netdev of another kind is looked up like a port, and unknown to APPL_DB
        ns.addBridge("PortChannel111");
        awaitCounter(daemon, Counter.NETLINK_IGNORED_UNKNOWN_PORT, 1);
        assertThat(appl.exists("PORT_TABLE:PortChannel111")).isFalse();
        assertThat(state.exists("PORT_TABLE|PortChannel111")).isFalse();
    }

    @Test
    void behaviour16_dellinkDeletesTheWholeRow() {
        portsKnownToOrchagent("Ethernet0");
        ns.addTap("Ethernet0");
        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));
        state.hset("PORT_TABLE|Ethernet0", "host_tx_ready", "true");

        ns.delete("Ethernet0");
        await(() -> !state.exists("PORT_TABLE|Ethernet0"), "STATE_DB PORT_TABLE|Ethernet0 is deleted");
    }

    @Test
    void behaviour17_dellinkDeletesEvenWithoutApplDbRow() {
        Daemon daemon = startDaemonAndWait();
        state.hset("PORT_TABLE|Ethernet0.10", "state", "ok");
        ns.addTap("Ethernet0.10");
        awaitCounter(daemon, Counter.NETLINK_IGNORED_UNKNOWN_PORT, 1);
        assertThat(row(state, "PORT_TABLE|Ethernet0.10")).containsExactlyEntriesOf(Map.of("state", "ok"));

        ns.delete("Ethernet0.10");
        await(() -> !state.exists("PORT_TABLE|Ethernet0.10"), "STATE_DB PORT_TABLE|Ethernet0.10 is deleted");
    }

    @Test
    void behaviour18_dellinkOfAnEnslavedPortIsIgnored() {
        Daemon daemon = portsKnownToOrchagent("Ethernet0");
        ns.addBridge("Bridge");
        ns.up("Bridge");
        ns.addTap("Ethernet0");
        ns.ip("link", "set", "Ethernet0", "master", "Bridge");
        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));

        ns.ip("link", "set", "Ethernet0", "nomaster");
        // the bridge announces the port's departure with an AF_BRIDGE DELLINK that still names the bridge
        awaitCounter(daemon, Counter.NETLINK_IGNORED_MASTER, 1);
        assertThat(portsyncdFields(stateRow("Ethernet0"))).containsExactlyEntriesOf(stateFields("down", "down", "1500"));
        assertThat(daemon.metrics.get(Counter.STATE_DB_DELETES)).isZero();
    }

    @Test
    void behaviour19_newlinkOfAnEnslavedPortIsProcessed() {
        portsKnownToOrchagent("Ethernet0", "Ethernet4");
        ns.addBridge("PortChannel111");
        ns.up("PortChannel111");
        for (String port : List.of("Ethernet0", "Ethernet4")) {
            addUpVeth(port);
            ns.ip("link", "set", port, "master", "PortChannel111");
            ns.up(port);
        }

        awaitStateRow("Ethernet0", stateFields("up", "up", "1500"));
        awaitStateRow("Ethernet4", stateFields("up", "up", "1500"));
    }

    @Test
    void behaviour23_portInitDoneExactlyOnceAfterTheLastPortsBatch() throws Exception {
        portsKnownToOrchagent("Ethernet0", "Ethernet4");
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            ns.batch(List.of("tuntap add dev Ethernet0 mode tap", "tuntap add dev Ethernet4 mode tap"));
            await(() -> appl.exists("PORT_TABLE:PortInitDone"), "PortInitDone reaches APPL_DB");
            ns.batch(List.of("link set Ethernet0 up", "link set Ethernet4 up", "link set Ethernet0 down"));
            awaitStateRow("Ethernet4", stateFields("down", "up", "1500"));
            awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));

            List<MonitorLine> commands = monitor.commands();
            List<Integer> initDone = indexes(commands, c -> c.is(APPL_DB, "EVALSHA") && c.args().contains("PortInitDone"));
            assertThat(initDone).hasSize(1);
            List<Integer> portWrites = indexes(commands, c -> c.is(STATE_DB, "HSET"));
            assertThat(portWrites.get(0)).isLessThan(initDone.get(0));
            assertThat(indexes(commands, c -> c.is(STATE_DB, "HSET") && "PORT_TABLE|Ethernet4".equals(c.arg(1))).get(0))
                    .isLessThan(initDone.get(0));
        }
        assertThat(row(appl, "PORT_TABLE:PortInitDone")).containsExactlyEntriesOf(Map.of("lanes", "0"));
    }

    private static List<Integer> indexes(List<MonitorLine> commands,
            java.util.function.Predicate<MonitorLine> match) {
        List<Integer> indexes = new java.util.ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            if (match.test(commands.get(i))) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    @Test
    void behaviour29_configDbChangesAreNotFollowed() throws Exception {
        Daemon daemon = portsKnownToOrchagent("Ethernet0", "Ethernet4");
        ns.addTap("Ethernet0");
        awaitStateRow("Ethernet0", stateFields("down", "down", "1500"));
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            config.hset("PORT|Ethernet0", Map.of("admin_status", "down", "mtu", "1500"));
            long writes = daemon.metrics.get(Counter.STATE_DB_WRITES);
            ns.addTap("Ethernet4");
            awaitCounter(daemon, Counter.STATE_DB_WRITES, writes + 1);

            // Ethernet4's arrival completes the ports, so PortInitDone is the only APPL_DB write
            assertThat(monitor.commands(c -> c.db() == APPL_DB && !c.name().equals("EXISTS")
                    && c.args().stream().anyMatch(arg -> arg.contains("Ethernet")))).isEmpty();
            assertThat(monitor.commands(c -> c.db() == CONFIG_DB && !c.name().equals("HSET"))).isEmpty();
        }
    }

    @Test
    void behaviour30_identicalMessagesAreEachWritten() throws Exception {
        Daemon daemon = portsKnownToOrchagent("Ethernet0");
        ns.addTap("Ethernet0");
        ns.up("Ethernet0");
        awaitStateRow("Ethernet0", stateFields("down", "up", "1500"));
        try (RedisMonitor monitor = new RedisMonitor(redis())) {
            long writes = daemon.metrics.get(Counter.STATE_DB_WRITES);
            ns.ip("link", "set", "Ethernet0", "alias", "first");
            ns.ip("link", "set", "Ethernet0", "alias", "second");
            awaitCounter(daemon, Counter.STATE_DB_WRITES, writes + 2);

            List<MonitorLine> hsets = monitor.commands(c -> c.is(STATE_DB, "HSET"));
            assertThat(hsets).hasSize(2);
            assertThat(hsets.get(0).args()).isEqualTo(hsets.get(1).args()).containsExactly("HSET",
                    "PORT_TABLE|Ethernet0", "state", "ok", "netdev_oper_status", "down", "admin_status", "up", "mtu", "1500");
        }
    }
}
