package net.sonic.portsyncd.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock and a monotonic clock that move only when a test says so. */
public final class ManualClock extends Clock {
    private final AtomicLong millis;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    public ManualClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    public static ManualClock atSystemTime() {
        return new ManualClock(System.currentTimeMillis());
    }

    /** Moves both clocks forward. */
    public void advance(Duration step) {
        millis.addAndGet(step.toMillis());
        nanos.addAndGet(step.toNanos());
    }

    public void advanceMillis(long delta) {
        advance(Duration.ofMillis(delta));
    }

    /** Sets the wall clock only (it may jump backwards, as a wall clock can). */
    public void setMillis(long epochMillis) {
        millis.set(epochMillis);
    }

    /** The monotonic clock, for code that takes a {@code System::nanoTime}-like source. */
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
