package net.sonic.portsyncd.core;

import static net.sonic.portsyncd.core.FakeSwitch.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.sync.ResyncResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * STATE_DB made equal to the kernel: on an operator's resync, after a netlink overrun, and when the namespace is lost
 * and found again. Only rows that differ are written; rows of netdevs that are gone are deleted.
 */
class ResyncFastTest {
    private final FakeSwitch sw = new FakeSwitch();

    @AfterEach
    void stop() {
        sw.close();
    }

    @Test
    void aResyncRewritesOnlyDifferingRowsAndDeletesRowsOfNetdevsThatAreGone() throws Exception {
        sw.coldStarted("Ethernet0", "Ethernet4", "Ethernet8");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet0", "mtu", "1");
        sw.db.del(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4");
        sw.db.hset(SonicDb.STATE_DB, "PORT_TABLE|Ethernet99", "state", "ok", "netdev_oper_status", "up");
        sw.db.forgetCommands();

        ResyncResult result = sw.sync.resync().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(result.linksSeen()).as("lo and three ports").isEqualTo(4);
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(result.rowsDeleted()).isEqualTo(1);
        assertThat(sw.stateRowWrites()).containsExactlyInAnyOrder("HSET PORT_TABLE|Ethernet0",
                "HSET PORT_TABLE|Ethernet4", "DEL PORT_TABLE|Ethernet99");
        sw.awaitStateDbMatchesKernel();
    }

    @Test
    void aResyncOfAStateDbInLineWithTheKernelWritesNothing() throws Exception {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.db.forgetCommands();
        ResyncResult result = sw.sync.resync().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result.rowsWritten()).isZero();
        assertThat(result.rowsDeleted()).isZero();
        assertThat(sw.stateRowWrites()).isEmpty();
    }

    @Test
    void aResyncDuringAnOutageFailsAndSaysWhy() {
        sw.coldStarted("Ethernet0");
        sw.db.goDown();
        sw.kernel.setAdminState("Ethernet0", false);
        await(() -> sw.alarms.active(AlarmType.REDIS_DOWN), "REDIS_DOWN raised");

        assertThatThrownBy(() -> sw.sync.resync().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("Redis is unreachable");
    }

    @Test
    void aResyncBeforeStartUpIsRefused() {
        sw.db.goDown();
        sw.start(new net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle());
        assertThatThrownBy(() -> sw.sync.resync().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasMessageContaining("has not finished starting");
    }

    @Test
    void anOverrunBringsStateDbInLineWithTheKernelIncludingARemovalWhoseMessageWasLost() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.kernel.loseNotificationsOf(() -> {
            sw.kernel.deleteLink("Ethernet4");
            sw.kernel.setMtu("Ethernet0", 9000);
        });
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.db.exists(SonicDb.STATE_DB, "PORT_TABLE|Ethernet4")).isFalse();
        assertThat(sw.stateRow("Ethernet0")).containsEntry("mtu", "9000");
    }

    @Test
    void aLostNamespaceEmptiesStateDbAndItsReturnFillsItAgain() {
        sw.coldStarted("Ethernet0", "Ethernet4");
        sw.kernel.detach();
        await(() -> sw.db.keys(SonicDb.STATE_DB, "PORT_TABLE|*").isEmpty(), "the rows of a lost namespace deleted");
        assertThat(sw.sync.status().running()).isFalse();
        assertThat(sw.sync.status().namespaceAttached()).isFalse();

        sw.kernel.attach();
        await(() -> sw.db.keys(SonicDb.STATE_DB, "PORT_TABLE|*").size() == 2, "the rows back");
        sw.awaitStateDbMatchesKernel();
        assertThat(sw.sync.status().running()).isTrue();
    }
}
