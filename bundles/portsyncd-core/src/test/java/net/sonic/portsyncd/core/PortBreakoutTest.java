package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.Test;

/**
 * Dynamic port breakout at run time: CONFIG_DB gets {@code PORT|Ethernet0} removed and {@code PORT|Ethernet0..3}
 * added; portmgrd and orchagent (played here) update APPL_DB PORT_TABLE and SAI creates the new host interfaces.
 * PortConfigDone's count must follow, so that orchagent's warm-boot check (count = port keys in APPL_DB PORT_TABLE)
 * passes, without a second PortConfigDone through the producer that orchagent would see at run time.
 */
class PortBreakoutTest extends EngineTestBase {
    private static final List<String> PORTS = List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
    private static final List<String> BROKEN_OUT = List.of("Ethernet1", "Ethernet2", "Ethernet3");
    private static final Set<String> SIGNALS = Set.of("PortConfigDone", "PortInitDone");

    /** What orchagent's bake() compares PortConfigDone's count with. */
    private long portKeysInApplDb() {
        return appl.keys("PORT_TABLE:*").stream()
                .filter(key -> !SIGNALS.contains(key.substring("PORT_TABLE:".length()))).count();
    }

    private String portConfigDoneCount() {
        return appl.hget("PORT_TABLE:PortConfigDone", "count");
    }

    @Test
    void portConfigDoneCountFollowsABreakoutAndTheNextWarmRestartPassesOrchagentsCheck() {
        coldStartedSwitch(PORTS, Daemon.Options.defaults());
        Daemon daemon = startDaemon();
        awaitRunning(daemon);
        assertThat(portConfigDoneCount()).isEqualTo("4");
        RedisMonitor monitor = monitor();

        config.del("PORT|Ethernet0");
        configurePorts(List.of("Ethernet0", "Ethernet1", "Ethernet2", "Ethernet3").toArray(String[]::new));
        for (String port : BROKEN_OUT) {
            appl.hset("PORT_TABLE:" + port, Map.of("lanes", "0", "admin_status", "up", "mtu", "9100"));
            ns.addTap(port);
        }

        await(() -> "7".equals(portConfigDoneCount()), "PortConfigDone count 7 after the breakout; it is "
                + portConfigDoneCount());
        assertThat(portKeysInApplDb()).isEqualTo(7);
        for (String port : BROKEN_OUT) {
            awaitStateRow(port, stateFields("down", "down", "1500"));
        }
        List<MonitorLine> writes = monitor.commands(c -> c.db() == APPL_DB && RedisMonitor.WRITES.contains(c.name())
                && c.args().stream().anyMatch(arg -> arg.contains("PortConfigDone")));
        // a check between the removal and the additions may set the count of that moment first
        assertThat(writes).as("the count is set in place with HSET; nothing goes through the producer").isNotEmpty()
                .allSatisfy(command -> assertThat(command.args()).startsWith("HSET", "PORT_TABLE:PortConfigDone",
                        "count").hasSize(4));
        assertThat(writes.get(writes.size() - 1).args()).containsExactly("HSET", "PORT_TABLE:PortConfigDone", "count",
                "7");

        // the next warm restart: orchagent's check holds, the engine starts WARM and replays nothing
        stopDaemon();
        state.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        state.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "0");
        Daemon warm = startDaemon();
        awaitRunning(warm);
        StartDecision decision = warm.lifecycle.lastDecision().orElseThrow();
        assertThat(decision.mode()).as(decision.reason()).isEqualTo(RestartMode.WARM);
        assertThat(Long.parseLong(portConfigDoneCount())).as("orchagent's warm-boot check").isEqualTo(portKeysInApplDb());
    }

    /** A port removed for good lowers the count too. */
    @Test
    void aRemovedPortLowersTheCount() {
        coldStartedSwitch(PORTS, Daemon.Options.defaults());
        Daemon daemon = startDaemon();
        awaitRunning(daemon);

        config.del("PORT|Ethernet12");
        appl.del("PORT_TABLE:Ethernet12");
        ns.delete("Ethernet12");

        await(() -> "3".equals(portConfigDoneCount()), "PortConfigDone count 3; it is " + portConfigDoneCount());
        assertThat(portKeysInApplDb()).isEqualTo(3);
    }
}
