package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;

/**
 * The engine's view of its namespace and of the order of what the kernel says: a namespace deleted and re-created
 * under the engine, and dumps (operator resyncs, overrun resyncs) racing live link changes. In every case STATE_DB
 * ends equal to the kernel; a dump's result never overwrites a newer event.
 */
class NamespaceAndOrderingTest extends EngineTestBase {
    private static final int PORT_COUNT = 16;
    private static final Duration EQUAL_TO_THE_KERNEL_WITHIN = Duration.ofSeconds(2);

    @Test
    void aDeletedNamespaceEmptiesStateDbAndItsSuccessorIsFollowed() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());

        ns.deleteNamespace();
        Poll.until(Duration.ofSeconds(5), () -> state.keys("PORT_TABLE|*").isEmpty(),
                () -> "the rows of the vanished netdevs are deleted: " + state.keys("PORT_TABLE|*"));
        assertThat(daemon.alarms.active(AlarmType.NETNS_UNAVAILABLE)).isTrue();
        assertThat(daemon.sync.status().namespaceAttached()).isFalse();
        assertThat(daemon.sync.status().running()).as("status says the links are not followed").isFalse();

        ns.recreate();
        for (String port : List.of("Ethernet0", "Ethernet4")) {
            ns.addTap(port);
        }
        ns.up("Ethernet4");
        Poll.until(Duration.ofSeconds(5), () -> daemon.sync.status().running()
                && !daemon.alarms.active(AlarmType.NETNS_UNAVAILABLE), () -> "re-attached; alarms " + daemon.alarms.calls);
        awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
        assertThat(state.keys("PORT_TABLE|*")).containsExactlyInAnyOrder("PORT_TABLE|Ethernet0", "PORT_TABLE|Ethernet4");
        assertThat(daemon.metrics.get(Counter.NETNS_REATTACHES)).isEqualTo(1);

        ns.up("Ethernet0");
        awaitStateRow("Ethernet0", stateFields("down", "up", "1500"));
    }

    /**
     * A small receive buffer makes the kernel drop messages under a flood (overrun resyncs) while an operator asks
     * for dumps at the same time: dump answers and live events interleave in every possible way.
     */
    @Test
    void dumpsRacingLiveChangesNeverLeaveAnOlderState() throws Exception {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults().withReceiveBuffer(4096));
        Random random = new Random(4);
        for (int round = 1; round <= 5; round++) {
            Flapper flapper = Flapper.start(ns, random, PORT_COUNT, 32, true);
            List<CompletionStage<?>> resyncs = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() - deadline < 0) {
                // paces the load: an operator asking for a resync every 50 ms
                resyncs.add(daemon.sync.resync());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            flapper.close();
            awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
            Poll.until(Duration.ofSeconds(10), () -> resyncs.stream().allMatch(r -> r.toCompletableFuture().isDone()),
                    "every resync ends once the flood is over");
            assertThat(resyncs).as("round %d", round).isNotEmpty();
        }
        assertThat(daemon.capture.statistics().dumps()).isGreaterThan(5);
    }
}
