package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who calls the listeners: the reader while they are prompt, the delivery thread after a slow batch. */
class DeliveryTest {
    private static final String DELIVERY_THREAD = "delivery-under-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<String> callers = new CopyOnWriteArrayList<>();
    private final List<Integer> delivered = new CopyOnWriteArrayList<>();
    private volatile long stallNanos;
    private final LinkListener listener = batch -> {
        callers.add(Thread.currentThread().getName());
        batch.forEach(event -> delivered.add(event.ifindex()));
        if (stallNanos > 0) {
            LockSupport.parkNanos(stallNanos);
        }
    };
    private final Delivery delivery = new Delivery(DELIVERY_THREAD, 1_000, List.of(listener),
            new CaptureCounters(MetricsRecorder.NONE), new OverrunAlarm(AlarmService.NONE, "test"));

    @AfterEach
    void close() {
        delivery.close();
    }

    @Test
    void theReaderDeliversWhileListenersArePrompt() {
        assertThat(delivery.deliverHereIfIdle(batch(1))).isTrue();
        assertThat(delivery.deliverHereIfIdle(batch(2))).isTrue();

        assertThat(delivered).containsExactly(1, 2);
        assertThat(callers).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void afterASlowBatchTheDeliveryThreadTakesOverUntilItsQueueIsEmptiedPromptly() {
        stallNanos = Delivery.SLOW_CALL_NANOS * 3;
        assertThat(delivery.deliverHereIfIdle(batch(1))).as("delivered here, slowly").isTrue();
        stallNanos = 0;

        assertThat(delivery.deliverHereIfIdle(batch(2))).as("refused after the slow batch").isFalse();
        assertThat(delivery.offer(batch(2))).isTrue();
        Poll.until(TIMEOUT, () -> delivered.contains(2), "the queued batch delivered");
        Poll.until(TIMEOUT, () -> delivery.deliverHereIfIdle(batch(3)),
                "the reader delivering again once the queue was emptied promptly");

        assertThat(delivered).containsExactly(1, 2, 3);
        assertThat(callers).containsExactly(Thread.currentThread().getName(), DELIVERY_THREAD,
                Thread.currentThread().getName());
    }

    @Test
    void nothingOvertakesAQueuedBatch() throws InterruptedException {
        stallNanos = TimeUnit.MILLISECONDS.toNanos(50);
        assertThat(delivery.offer(batch(1))).isTrue();
        Poll.until(TIMEOUT, () -> delivered.contains(1), "the queued batch under way");

        assertThat(delivery.deliverHereIfIdle(batch(2))).as("refused while the delivery thread is busy").isFalse();
        assertThat(delivery.offer(batch(2))).isTrue();
        stallNanos = 0;
        Poll.until(TIMEOUT, () -> delivered.size() == 2, "both batches delivered");

        assertThat(delivered).containsExactly(1, 2);
    }

    private static List<DeliveryItem> batch(int ifindex) {
        return List.of(new DeliveryItem.Links(List.of(new LinkEvent(LinkMessageType.NEW_LINK, 0, ifindex, 0x1, 0,
                "Ethernet" + ifindex, 9100, 0, "", 0, 0, "", 0, System.nanoTime()))));
    }
}
