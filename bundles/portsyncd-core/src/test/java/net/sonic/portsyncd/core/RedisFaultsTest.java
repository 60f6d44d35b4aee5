package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;

/**
 * Redis faults that no write of the engine would notice, or that leave STATE_DB wrong although Redis answers
 * again: a server that hangs or dies while no port changes, a server restarted empty or from an old snapshot, a
 * server frozen while links flap. The engine must say so (status, REDIS_DOWN) and, once Redis is back, verify
 * STATE_DB against a fresh kernel dump before it says STATE_DB is right.
 */
class RedisFaultsTest extends EngineTestBase {
    private static final int PORT_COUNT = 16;
    /** The liveness probe asks about once a second and waits a second for the answer. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(4);
    private static final Duration EQUAL_TO_THE_KERNEL_WITHIN = Duration.ofSeconds(2);

    private void awaitVerified(Daemon daemon, long repairsBefore) {
        Poll.until(NOTICED_WITHIN, () -> daemon.metrics.get(Counter.STATE_DB_REPAIRS) > repairsBefore
                        && !daemon.alarms.active(AlarmType.REDIS_DOWN) && daemon.sync.status().redisAvailable(),
                () -> "STATE_DB verified and REDIS_DOWN cleared; repairs " + daemon.metrics.get(Counter.STATE_DB_REPAIRS)
                        + ", alarms " + daemon.alarms.calls);
    }

    @Test
    void aHungServerIsNoticedWithoutAnyPortChangeAndClearedOnceVerified() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());
        long repairs = daemon.metrics.get(Counter.STATE_DB_REPAIRS);

        long pausedAt = System.nanoTime();
        redis().pause();
        long resumedAt;
        try {
            Poll.until(NOTICED_WITHIN, () -> !daemon.sync.status().redisAvailable()
                    && daemon.alarms.active(AlarmType.REDIS_DOWN), () -> "the probe notices; alarms " + daemon.alarms.calls);
            assertThat(daemon.alarms.raises(AlarmType.REDIS_DOWN)).singleElement()
                    .satisfies(raise -> assertThat(raise.details()).containsEntry("detectedBy", "the liveness probe"));
            assertThat(daemon.sync.status().running()).isTrue();
        } finally {
            resumedAt = System.nanoTime();
            redis().resume();
        }

        awaitVerified(daemon, repairs);
        String clear = daemon.alarms.calls.stream().filter(call -> !call.raise() && call.type() == AlarmType.REDIS_DOWN)
                .reduce((first, second) -> second).orElseThrow().text();
        assertThat(clear).contains("STATE_DB verified against a fresh kernel dump");
        // the outage is counted from the first unanswered probe (sent at most a probe interval after the pause), not
        // from when its timeout noticed it
        long hungMillis = TimeUnit.NANOSECONDS.toMillis(resumedAt - pausedAt);
        assertThat(reportedOutageMillis(clear)).as(clear)
                .isGreaterThanOrEqualTo(hungMillis - RedisProbe.INTERVAL.toMillis());
        assertThat(daemon.metrics.get(Counter.REDIS_OUTAGES)).isEqualTo(1);
        awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
    }

    private static long reportedOutageMillis(String clearText) {
        Matcher matcher = Pattern.compile("unreachable for (\\d+) ms").matcher(clearText);
        assertThat(matcher.find()).as(clearText).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void aServerThatDiesWhileNoPortChangesIsNoticed() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());
        redis().command("SAVE");

        redis().kill();
        Poll.until(NOTICED_WITHIN, () -> !daemon.sync.status().redisAvailable()
                && daemon.alarms.active(AlarmType.REDIS_DOWN), () -> "the probe notices; alarms " + daemon.alarms.calls);

        long repairs = daemon.metrics.get(Counter.STATE_DB_REPAIRS);
        redis().restart();
        reconnectClients();
        awaitVerified(daemon, repairs);
        awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
    }

    /** APPL_DB's port rows come back (as the database service restores them); STATE_DB's are gone. */
    @Test
    void aServerRestartedEmptyGetsEveryRowBack() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());
        java.util.Map<String, java.util.Map<String, String>> applRows = new java.util.HashMap<>();
        for (String key : appl.keys("PORT_TABLE:*")) {
            applRows.put(key, row(appl, key));
        }
        long repairs = daemon.metrics.get(Counter.STATE_DB_REPAIRS);

        redis().restartEmpty();
        reconnectClients();
        applRows.forEach(appl::hset);

        awaitVerified(daemon, repairs);
        awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
        assertThat(state.keys("PORT_TABLE|*")).hasSize(PORT_COUNT);
    }

    @Test
    void aServerRestartedFromAnOldSnapshotIsRepaired() {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());
        redis().command("SAVE");
        // the kernel moves on after the snapshot: STATE_DB follows, the snapshot does not
        ns.batch(List.of("link set Ethernet0 down", "link set Ethernet4 mtu 9000", "link del Ethernet8"));
        await(this::stateDbMatchesKernel, "STATE_DB follows the kernel before the restart");
        long repairs = daemon.metrics.get(Counter.STATE_DB_REPAIRS);

        redis().restart();
        reconnectClients();

        awaitVerified(daemon, repairs);
        awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
        assertThat(state.exists("PORT_TABLE|Ethernet8")).isFalse();
    }

    /**
     * Writes sent before the freeze are executed by Redis when it resumes, after any new connection's commands:
     * STATE_DB is still equal to the kernel at the end, every time.
     */
    @Test
    void aServerFrozenWhileLinksFlapEndsEqualToTheKernel() throws InterruptedException {
        Daemon daemon = runningSwitch(PORT_COUNT, OrchagentStandIn.HostInterfaces.VETH, Daemon.Options.defaults());
        Random random = new Random(11);
        for (int round = 1; round <= 3; round++) {
            long writesBefore = daemon.metrics.get(Counter.STATE_DB_WRITES);
            Flapper flapper = Flapper.start(ns, random, PORT_COUNT, 8, false);
            Poll.until(Duration.ofSeconds(5), () -> daemon.metrics.get(Counter.STATE_DB_WRITES) - writesBefore > 100,
                    "the flapping reaches STATE_DB");
            long repairs = daemon.metrics.get(Counter.STATE_DB_REPAIRS);
            redis().pause();
            try {
                Poll.until(NOTICED_WITHIN, () -> daemon.alarms.active(AlarmType.REDIS_DOWN), "the outage is noticed");
            } finally {
                flapper.close();
                redis().resume();
            }
            awaitStateDbEqualsKernel(EQUAL_TO_THE_KERNEL_WITHIN);
            awaitVerified(daemon, repairs);
            assertThat(stateDbMatchesKernel()).as("round %d: %s", round, stateDbVersusKernel()).isTrue();
        }
    }
}
