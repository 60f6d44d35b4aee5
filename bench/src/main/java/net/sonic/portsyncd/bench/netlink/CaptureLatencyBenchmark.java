package net.sonic.portsyncd.bench.netlink;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.netlink.CaptureSettings;
import net.sonic.portsyncd.netlink.LinkRequestSocket;
import net.sonic.portsyncd.netlink.NetlinkCapture;
import net.sonic.portsyncd.netlink.NetworkNamespace;
import net.sonic.portsyncd.testkit.NetNs;

/**
 * Latency from a kernel link change to the listener call, over a real capture in a namespace of its own. A driver
 * thread in that namespace toggles IFF_UP of a tap over rtnetlink; the clock starts just before the request is
 * sent and stops when the listener sees the matching event. Prints median, p99 and max for the whole path and its
 * two halves (kernel to capture thread receive, receive to listener call).
 *
 * <p>Run (as root): {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * net.sonic.portsyncd.bench.netlink.CaptureLatencyBenchmark [changes]}
 */
public final class CaptureLatencyBenchmark {
    private static final int WARMUP_CHANGES = 1_000;

    private record Arrival(LinkEvent event, long listenerNanos) {
    }

    private CaptureLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (NetNs ns = NetNs.create("nlbench")) {
            ns.addTap("Ethernet0");
            int ifindex = ns.ifindex("Ethernet0");
            BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
            LinkListener listener = batch -> {
                long now = System.nanoTime();
                for (LinkEvent event : batch) {
                    if (event.ifindex() == ifindex && !event.isDumpEntry()) {
                        arrivals.add(new Arrival(event, now));
                    }
                }
            };
            try (NetlinkCapture capture = NetlinkCapture.start(new CaptureSettings(ns.name(),
                    CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES), List.of(listener), MetricsRecorder.NONE)) {
                capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS);
                long[][] samples = CompletableFuture.supplyAsync(() -> drive(ns.name(), ifindex, changes, arrivals),
                        runnable -> new Thread(runnable, "latency-driver").start()).get();
                print(changes, samples);
            }
        }
    }

    /** @return total, kernel-to-receive and receive-to-listener latencies in nanoseconds */
    private static long[][] drive(String netns, int ifindex, int changes, BlockingQueue<Arrival> arrivals) {
        long[][] samples = new long[3][changes];
        try {
            NetworkNamespace.enter(netns);
            try (LinkRequestSocket requests = LinkRequestSocket.open()) {
                for (int i = -WARMUP_CHANGES; i < changes; i++) {
                    boolean up = (i & 1) == 0;
                    arrivals.clear();
                    long sent = System.nanoTime();
                    requests.setFlags(ifindex, up ? LinkEvent.IFF_UP : 0, LinkEvent.IFF_UP);
                    Arrival arrival = awaitState(arrivals, up);
                    if (i >= 0) {
                        samples[0][i] = arrival.listenerNanos() - sent;
                        samples[1][i] = arrival.event().receivedNanos() - sent;
                        samples[2][i] = arrival.listenerNanos() - arrival.event().receivedNanos();
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("latency driver failed", e);
        }
        return samples;
    }

    private static Arrival awaitState(BlockingQueue<Arrival> arrivals, boolean up) throws InterruptedException {
        while (true) {
            Arrival arrival = arrivals.poll(5, TimeUnit.SECONDS);
            if (arrival == null) {
                throw new IllegalStateException("no event for the change within 5 s");
            }
            if (arrival.event().adminUp() == up) {
                return arrival;
            }
        }
    }

    private static void print(int changes, long[][] samples) {
        String[] stages = {"change -> listener", "change -> capture receive", "receive -> listener"};
        System.out.printf("%nnetlink capture latency over %d link changes (microseconds)%n", changes);
        System.out.printf("%-28s %10s %10s %10s%n", "stage", "median", "p99", "max");
        for (int s = 0; s < stages.length; s++) {
            long[] sorted = samples[s].clone();
            Arrays.sort(sorted);
            System.out.printf("%-28s %10.1f %10.1f %10.1f%n", stages[s], micros(sorted[sorted.length / 2]),
                    micros(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]),
                    micros(sorted[sorted.length - 1]));
        }
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
