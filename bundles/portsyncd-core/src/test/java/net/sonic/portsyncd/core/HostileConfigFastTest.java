package net.sonic.portsyncd.core;

import static net.sonic.portsyncd.core.FakeSwitch.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONFIG_DB is written by others: a PORT row that cannot be a port's configuration (named empty, not UTF-8, like an
 * APPL_DB signal key, not a hash, too large) is left out, logged and counted; the other rows are copied, counted in
 * PortConfigDone and awaited for PortInitDone, and the engine runs on.
 */
class HostileConfigFastTest {
    private static final SyncSettings SMALL_ROWS = new SyncSettings(16_384, 2_048, FakeSwitch.SETTINGS.retryInitial(),
            FakeSwitch.SETTINGS.retryMax(), FakeSwitch.SETTINGS.dumpWait(), 200);

    private final FakeSwitch sw = new FakeSwitch();

    @AfterEach
    void stop() {
        sw.close();
    }

    private void hostileRows() {
        sw.configurePorts("Ethernet0", "Ethernet4", "Ethernet*");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|", "lanes", "99");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|PortConfigDone", "count", "999");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|PortInitDone", "lanes", "0");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|Ether\uFFFDnet8", "lanes", "8");
        sw.db.putString(SonicDb.CONFIG_DB, "PORT|Ethernet12", "not a hash");
        sw.db.hset(SonicDb.CONFIG_DB, "PORT|Ethernet16", "description", "x".repeat(500));
    }

    @Test
    void onlyRowsThatCanBeAPortsConfigurationAreCopiedAndCounted() {
        hostileRows();
        sw.start(new FakeWarmRestartLifecycle(), SMALL_ROWS);
        await(() -> sw.db.exists(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone"), "PortConfigDone");

        assertThat(sw.db.keys(SonicDb.APPL_DB, "_PORT_TABLE:*")).containsExactlyInAnyOrder(
                "_PORT_TABLE:Ethernet0", "_PORT_TABLE:Ethernet4", "_PORT_TABLE:Ethernet*",
                "_PORT_TABLE:PortConfigDone");
        assertThat(sw.db.row(SonicDb.APPL_DB, "_PORT_TABLE:PortConfigDone")).containsExactly(Map.entry("count", "3"));
        assertThat(sw.db.row(SonicDb.APPL_DB, "_PORT_TABLE:Ethernet*")).containsEntry("lanes", "8,9");
        assertThat(sw.metrics.get(Counter.CONFIG_ROWS_REJECTED)).isEqualTo(6);
        assertThat(sw.sync.status().pendingPorts()).isEqualTo(3);
    }

    @Test
    void portInitDoneAwaitsOnlyTheCopiedPortsAndTheEngineRunsOn() {
        hostileRows();
        sw.start(new FakeWarmRestartLifecycle(), SMALL_ROWS);
        sw.orchagentCreatesNetdevs();

        await(() -> sw.applDbHas("PortInitDone"), "PortInitDone");
        assertThat(sw.sync.status().running()).isTrue();
        sw.kernel.setAdminState("Ethernet4", false);
        await(() -> "down".equals(sw.stateRow("Ethernet4").get("admin_status")), "links still followed");
        sw.awaitStateDbMatchesKernel();
    }
}
