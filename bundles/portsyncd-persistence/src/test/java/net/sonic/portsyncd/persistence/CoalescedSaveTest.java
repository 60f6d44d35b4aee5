package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoalescedSaveTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long HOUR = 3_600_000;

    @TempDir
    Path directory;
    private final AtomicInteger supplierCalls = new AtomicInteger();
    private final List<String> supplierThreads = new CopyOnWriteArrayList<>();

    @Test
    void manyRequestsWithinAnIntervalWriteOnceWithTheLatestState() throws IOException {
        try (StateFileStore store = store(300)) {
            for (int i = 0; i < 1_000; i++) {
                store.saveCoalesced(counted(Snapshots.ports(4, i)));
            }

            Poll.until(DEADLINE, () -> Files.exists(store.liveFile()), "the coalesced save");
            assertThat(store.load().snapshot().orElseThrow().savedAtMillis()).isEqualTo(999);
            store.close();

            assertThat(supplierCalls).hasValue(1);
            assertThat(supplierThreads).containsExactly(StateFileStore.SAVE_THREAD_NAME);
        }
    }

    @Test
    void writesAreAtLeastOneIntervalApart() {
        long interval = 200;
        List<Long> writeTimes = new CopyOnWriteArrayList<>();
        try (StateFileStore store = store(interval)) {
            long requested = System.nanoTime();
            for (int burst = 0; burst < 3; burst++) {
                store.saveCoalesced(() -> {
                    writeTimes.add(System.nanoTime());
                    return Snapshots.ports(2, 1);
                });
                int writes = burst + 1;
                Poll.until(DEADLINE, () -> writeTimes.size() == writes, "write " + writes);
            }
            assertThat(Duration.ofNanos(writeTimes.get(0) - requested).toMillis()).isGreaterThanOrEqualTo(interval);
            for (int i = 1; i < writeTimes.size(); i++) {
                assertThat(Duration.ofNanos(writeTimes.get(i) - writeTimes.get(i - 1)).toMillis())
                        .isGreaterThanOrEqualTo(interval);
            }
        }
    }

    @Test
    void closeWritesThePendingRequest() {
        StateFileStore store = store(HOUR);
        store.saveCoalesced(counted(Snapshots.ports(3, 42)));

        store.close();

        assertThat(supplierCalls).hasValue(1);
        assertThat(loadFresh().savedAtMillis()).isEqualTo(42);
    }

    @Test
    void directSaveSupersedesAnOlderPendingRequest() throws IOException {
        PortStateSnapshot clean = new PortStateSnapshot(50, Snapshots.BOOT_ID, true, true, Snapshots.ports(2, 0).ports());
        try (StateFileStore store = store(HOUR)) {
            store.saveCoalesced(counted(Snapshots.ports(2, 49)));
            store.save(clean);
        }

        assertThat(supplierCalls).hasValue(0);
        assertThat(loadFresh()).isEqualTo(clean);
    }

    @Test
    void requestAfterCloseIsWrittenAtOnce() {
        StateFileStore store = store(HOUR);
        store.close();

        store.saveCoalesced(counted(Snapshots.ports(1, 7)));

        assertThat(loadFresh().savedAtMillis()).isEqualTo(7);
    }

    @Test
    void failingSupplierDoesNotStopLaterSaves() {
        List<Supplier<PortStateSnapshot>> failures = List.of(
                () -> {
                    throw new IllegalStateException("port table is being rebuilt");
                },
                () -> null,
                () -> Snapshots.withPort(new PortRecord("bad/name", 1, true, true, 0, 9100)));
        try (StateFileStore store = store(10)) {
            for (Supplier<PortStateSnapshot> failure : failures) {
                int before = supplierCalls.get();
                store.saveCoalesced(() -> {
                    supplierCalls.incrementAndGet();
                    return failure.get();
                });
                Poll.until(DEADLINE, () -> supplierCalls.get() > before, "the failing supplier call");
            }
            assertThat(store.liveFile()).doesNotExist();

            store.saveCoalesced(counted(Snapshots.ports(1, 8)));

            Poll.until(DEADLINE, () -> Files.exists(store.liveFile()), "the save after the failures");
            assertThat(store.load().snapshot().orElseThrow().savedAtMillis()).isEqualTo(8);
        }
    }

    @Test
    void newIntervalAppliesToTheNextRequest() {
        try (StateFileStore store = store(HOUR)) {
            store.updateSettings(store.settings().withSaveIntervalMillis(20));

            store.saveCoalesced(counted(Snapshots.ports(1, 9)));

            Poll.until(DEADLINE, () -> Files.exists(store.liveFile()), "a save with the shortened interval");
        }
    }

    private StateFileStore store(long intervalMillis) {
        return new StateFileStore(directory, StoreSettings.defaults().withSaveIntervalMillis(intervalMillis),
                new RecordingMetrics(), new ManualClock(1_700_000_000_000L));
    }

    private Supplier<PortStateSnapshot> counted(PortStateSnapshot snapshot) {
        return () -> {
            supplierCalls.incrementAndGet();
            supplierThreads.add(Thread.currentThread().getName());
            return snapshot;
        };
    }

    private PortStateSnapshot loadFresh() {
        try (StateFileStore reader = store(HOUR)) {
            return reader.load().snapshot().orElseThrow();
        }
    }
}
