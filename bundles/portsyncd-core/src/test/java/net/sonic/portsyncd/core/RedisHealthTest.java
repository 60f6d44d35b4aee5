package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;

/**
 * The REDIS_DOWN clear message tells how long Redis left requests unanswered, measured on the monotonic clock from
 * the earliest unanswered request to the first answer, whoever noticed first and however late.
 */
class RedisHealthTest {
    private static final DbUnavailableException DOWN = new DbUnavailableException("STATE_DB: no answer", null);

    private final ManualClock clock = new ManualClock(0);
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final CountingMetrics metrics = new CountingMetrics();
    private final RedisHealth health = new RedisHealth(alarms, metrics, clock::nanoTime);

    @Test
    void theOutageRunsFromTheProbeThatWentUnansweredNotFromTheFailedWriteNoticedLater() {
        long probeSent = clock.nanoTime();
        advanceMillis(1_000);
        assertThat(health.lost(DOWN, "the liveness probe", 0, probeSent)).isTrue();
        advanceMillis(4_000);
        // a write that hung for its read timeout is noticed 5 s after Redis went away
        assertThat(health.lost(DOWN, "the sync thread", 3, clock.nanoTime())).isFalse();
        advanceMillis(5_000);
        health.answered(clock.nanoTime());
        advanceMillis(600);
        health.verified("STATE_DB verified against a fresh kernel dump");

        assertThat(clearText()).startsWith("Redis was unreachable for 10000 ms")
                .endsWith("; STATE_DB verified against a fresh kernel dump");
        assertThat(health.available()).isTrue();
        assertThat(alarms.raises(AlarmType.REDIS_DOWN)).singleElement()
                .satisfies(raise -> assertThat(raise.details()).containsEntry("detectedBy", "the liveness probe"));
        assertThat(metrics.get(Counter.REDIS_OUTAGES)).isEqualTo(1);
        assertThat(metrics.get(Counter.REDIS_RECONNECTS)).isEqualTo(1);
    }

    @Test
    void evidenceOfAnEarlierUnansweredRequestMovesTheStartBack() {
        long probeSent = clock.nanoTime();
        advanceMillis(200);
        health.lost(DOWN, "the sync thread", 0, clock.nanoTime());
        advanceMillis(800);
        health.lost(DOWN, "the liveness probe", 0, probeSent);
        advanceMillis(2_000);
        health.answered(clock.nanoTime());
        health.verified("done");

        assertThat(clearText()).startsWith("Redis was unreachable for 3000 ms");
    }

    @Test
    void aFailureAfterTheFirstAnswerMeansTheOutageGoesOn() {
        health.lost(DOWN, "the liveness probe", 0, clock.nanoTime());
        advanceMillis(1_000);
        health.answered(clock.nanoTime());
        advanceMillis(500);
        health.lost(DOWN, "the sync thread", 0, clock.nanoTime());
        advanceMillis(1_500);
        health.answered(clock.nanoTime());
        advanceMillis(1_000);
        health.answered(clock.nanoTime());
        health.verified("done");

        assertThat(clearText()).startsWith("Redis was unreachable for 3000 ms");
    }

    @Test
    void withoutARecordedAnswerTheOutageEndsWhenItIsVerified() {
        health.lost(DOWN, "start-up", 0, clock.nanoTime());
        advanceMillis(700);
        health.verified("done");

        assertThat(clearText()).startsWith("Redis was unreachable for 700 ms");
        health.answered(clock.nanoTime());
        health.verified("nothing to clear");
        assertThat(alarms.calls).hasSize(2);
    }

    private void advanceMillis(long millis) {
        clock.advanceMillis(millis);
    }

    private String clearText() {
        return alarms.calls.stream().filter(call -> !call.raise() && call.type() == AlarmType.REDIS_DOWN).reduce(
                (first, second) -> second).orElseThrow().text();
    }
}
