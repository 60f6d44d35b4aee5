package net.sonic.portsyncd.api.metrics;

/**
 * Where every bundle records what it counts. Implementations are thread safe and cheap enough for the event
 * path (no locks, no allocation per call).
 */
public interface MetricsRecorder {

    void add(Counter counter, long delta);

    default void increment(Counter counter) {
        add(counter, 1);
    }

    void recordNanos(Histogram histogram, long nanos);

    /** Stamps the event with the current wall-clock time. */
    void mark(Timestamp timestamp);

    /** Used where no metrics service is bound: records nothing. */
    MetricsRecorder NONE = new MetricsRecorder() {
        @Override
        public void add(Counter counter, long delta) {
        }

        @Override
        public void recordNanos(Histogram histogram, long nanos) {
        }

        @Override
        public void mark(Timestamp timestamp) {
        }
    };
}
