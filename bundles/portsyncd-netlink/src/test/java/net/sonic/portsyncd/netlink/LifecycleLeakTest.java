package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;

/** Start/close cycles leave no descriptor and no thread behind, and close is prompt. */
class LifecycleLeakTest {
    private static final int CYCLES = 200;

    /**
     * The process's descriptors that are not files (sockets, pipes, event and namespace descriptors: what a capture
     * opens), as {@code fd -> target}. Files are left out: the JVM opens and closes jars and its own files
     * meanwhile, which a count of every descriptor mistook for a leak or a loss.
     */
    private static Set<String> openNonFileDescriptors() throws IOException {
        Set<String> open = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.startsWith("/")) {
                        open.add(fd.getFileName() + " -> " + target);
                    }
                } catch (NoSuchFileException e) {
                    // closed while listed, e.g. the directory stream's own descriptor
                }
            }
        }
        return open;
    }

    /** What is open now and was not at {@code before}. */
    private static Set<String> openedSince(Set<String> before) throws IOException {
        Set<String> opened = openNonFileDescriptors();
        opened.removeAll(before);
        return opened;
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
            Set<String> descriptorsBefore = openNonFileDescriptors();
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

            assertThat(openedSince(descriptorsBefore)).as("descriptors left open").isEmpty();
            assertThat(captureThreads()).isEqualTo(threadsBefore).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestCloseNanos)).as("slowest close, ms").isLessThan(500);
        }
    }

    @Test
    void aCaptureStartedDetachedLeaksNothingEither() throws Exception {
        cycleDetached();
        Set<String> descriptorsBefore = openNonFileDescriptors();

        for (int i = 0; i < 20; i++) {
            cycleDetached();
        }

        assertThat(openedSince(descriptorsBefore)).as("descriptors left open").isEmpty();
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
