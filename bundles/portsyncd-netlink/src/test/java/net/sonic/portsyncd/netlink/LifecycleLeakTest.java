package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;

/** Start/close cycles leave no descriptor and no thread behind, and close is prompt. */
class LifecycleLeakTest {
    private static final int CYCLES = 200;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long captureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("netlink-")).count();
    }

    private static void cycle(NetNs ns) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (NetlinkCapture capture = NetlinkCapture.start(ns.name(), 1 << 20, listener, MetricsRecorder.NONE)) {
            capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoHundredStartCloseCyclesLeakNoDescriptorAndNoThread() throws Exception {
        try (NetNs ns = NetNs.create("nlleak")) {
            ns.addTap("Ethernet0");
            cycle(ns);
            long descriptorsBefore = openDescriptors();
            long threadsBefore = captureThreads();

            long slowestCloseNanos = 0;
            for (int i = 0; i < CYCLES; i++) {
                RecordingListener listener = new RecordingListener();
                NetlinkCapture capture = NetlinkCapture.start(ns.name(), 1 << 20, listener, MetricsRecorder.NONE);
                Poll.until(RecordingListener.TIMEOUT, () -> !listener.dumps.isEmpty(), "initial dump");
                long started = System.nanoTime();
                capture.close();
                slowestCloseNanos = Math.max(slowestCloseNanos, System.nanoTime() - started);
            }

            assertThat(openDescriptors()).isEqualTo(descriptorsBefore);
            assertThat(captureThreads()).isEqualTo(threadsBefore).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestCloseNanos)).as("slowest close, ms").isLessThan(500);
        }
    }

    @Test
    void aCaptureStartedDetachedLeaksNothingEither() throws Exception {
        cycleDetached();
        long descriptorsBefore = openDescriptors();

        for (int i = 0; i < 20; i++) {
            cycleDetached();
        }

        assertThat(openDescriptors()).isEqualTo(descriptorsBefore);
        assertThat(captureThreads()).isZero();
    }

    private static void cycleDetached() {
        try (NetlinkCapture capture = NetlinkCapture.start("absent-netns-" + ProcessHandle.current().pid(), 1 << 20,
                batch -> { }, MetricsRecorder.NONE)) {
            assertThat(capture.attached()).isFalse();
            assertThat(capture.requestDump().toCompletableFuture()).isCompletedExceptionally();
        }
    }
}
