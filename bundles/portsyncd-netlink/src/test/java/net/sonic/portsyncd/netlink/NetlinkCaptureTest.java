package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real capture in a namespace of the test's own, against the real kernel. */
class NetlinkCaptureTest {
    private NetNs ns;
    private NetlinkCapture capture;
    private final RecordingListener listener = new RecordingListener();
    private final CountingMetrics metrics = new CountingMetrics();

    @BeforeEach
    void createNamespace() {
        ns = NetNs.create("nlcap");
        ns.addTap("Ethernet0");
        ns.addTap("Ethernet4");
    }

    @AfterEach
    void cleanUp() {
        if (capture != null) {
            capture.close();
        }
        ns.close();
    }

    private void start(List<? extends LinkListener> listeners) {
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES),
                listeners, metrics);
        Poll.until(RecordingListener.TIMEOUT, () -> !listener.dumps.isEmpty(), "initial dump completion");
    }

    private void start() {
        start(List.of(listener));
    }

    private Set<String> kernelNames() {
        return IpLinks.parse(ns.linksJson()).values().stream().map(IpLinks.IpLink::name).collect(Collectors.toSet());
    }

    @Test
    void theInitialDumpListsExactlyTheNamespaceLinksAndEndsOnceAfterThem() {
        ns.addVeth("veth0", "veth1");
        ns.addBridge("Bridge");

        start();

        DumpCompletion completion = listener.dumps.get(0);
        assertThat(completion.resync()).isFalse();
        assertThat(completion.links()).extracting(LinkEvent::name)
                .containsExactlyInAnyOrderElementsOf(kernelNames())
                .contains("lo", "Ethernet0", "Ethernet4", "veth0", "veth1", "Bridge");
        assertThat(completion.links()).allMatch(e -> e.dumpSequence() == completion.sequence()
                && e.type() == LinkMessageType.NEW_LINK && e.change() == 0);
        List<Object> beforeCompletion = listener.callbacks.subList(0, listener.callbacks.indexOf(completion));
        assertThat(beforeCompletion).filteredOn(LinkEvent.class::isInstance)
                .filteredOn(e -> ((LinkEvent) e).dumpSequence() == completion.sequence())
                .containsExactlyElementsOf(completion.links());
        assertThat(listener.callbacks.subList(listener.callbacks.indexOf(completion) + 1, listener.callbacks.size()))
                .noneMatch(c -> c instanceof LinkEvent e && e.dumpSequence() == completion.sequence());

        int mark = listener.mark();
        ns.addTap("Ethernet8");
        listener.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));
        assertThat(listener.dumps).hasSize(1);
        assertThat(listener.resyncs).isEmpty();
        assertThat(capture.statistics().dumps()).isEqualTo(1);
        assertThat(metrics.get(Counter.NETLINK_RECEIVED)).isGreaterThanOrEqualTo(completion.links().size() + 1);
    }

    @Test
    void createUpMtuDownAndDeleteArriveWithTheirFields() {
        start();
        int mark = listener.mark();

        ns.addTap("Ethernet8");
        LinkEvent created = listener.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));
        assertThat(created.type()).isEqualTo(LinkMessageType.NEW_LINK);
        assertThat(created.ifindex()).isEqualTo(ns.ifindex("Ethernet8"));
        assertThat(created.family()).isEqualTo(LinkEvent.AF_UNSPEC);
        assertThat(created.kind()).isEqualTo("tun");
        assertThat(created.mtu()).isEqualTo(1500);
        assertThat(created.address()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(created.adminUp()).isFalse();
        assertThat(created.isDumpEntry()).isFalse();

        mark = listener.mark();
        ns.up("Ethernet8");
        LinkEvent up = listener.await(mark, "Ethernet8 up", e -> e.name().equals("Ethernet8") && e.adminUp());
        assertThat(up.change() & LinkEvent.IFF_UP).isEqualTo(LinkEvent.IFF_UP);
        assertThat(up.operUp()).as("a tap without a reader has no carrier").isFalse();

        mark = listener.mark();
        ns.ip("link", "set", "Ethernet8", "mtu", "9100");
        LinkEvent mtu = listener.await(mark, "Ethernet8 mtu 9100", e -> e.name().equals("Ethernet8") && e.mtu() == 9100);
        assertThat(mtu.adminUp()).isTrue();

        mark = listener.mark();
        ns.down("Ethernet8");
        listener.await(mark, "Ethernet8 down", e -> e.name().equals("Ethernet8") && !e.adminUp()
                && (e.change() & LinkEvent.IFF_UP) != 0);

        mark = listener.mark();
        ns.delete("Ethernet8");
        LinkEvent deleted = listener.await(mark, "Ethernet8 deleted",
                e -> e.name().equals("Ethernet8") && e.type() == LinkMessageType.DEL_LINK);
        assertThat(deleted.ifindex()).isEqualTo(created.ifindex());
        assertThat(deleted.family()).isEqualTo(LinkEvent.AF_UNSPEC);
    }

    @Test
    void carrierLossOfAVethPeerIsReported() {
        ns.addVeth("veth0", "veth1");
        start();
        int mark = listener.mark();

        ns.up("veth0");
        ns.up("veth1");
        LinkEvent running = listener.await(mark, "veth0 running", e -> e.name().equals("veth0") && e.operUp());
        assertThat(running.carrier()).isEqualTo(1);
        assertThat(running.flags() & LinkEvent.IFF_LOWER_UP).isNotZero();
        assertThat(running.operState()).isEqualTo(6); // IF_OPER_UP
        assertThat(running.kind()).isEqualTo("veth");

        mark = listener.mark();
        ns.down("veth1");
        LinkEvent lost = listener.await(mark, "veth0 carrier lost",
                e -> e.name().equals("veth0") && e.carrier() == 0);
        assertThat(lost.adminUp()).isTrue();
        assertThat(lost.operUp()).isFalse();
        assertThat(lost.flags() & LinkEvent.IFF_LOWER_UP).isZero();
        assertThat(lost.operState()).isEqualTo(3); // IF_OPER_LOWERLAYERDOWN
    }

    @Test
    void enslavingAndReleasingReportsBothFamiliesIncludingTheBridgeDelLinkWithItsMaster() {
        ns.addVeth("veth0", "veth1");
        ns.addBridge("Bridge");
        ns.up("Bridge");
        start();
        int bridge = ns.ifindex("Bridge");
        int mark = listener.mark();

        ns.ip("link", "set", "veth0", "master", "Bridge");
        listener.await(mark, "veth0 enslaved", e -> e.name().equals("veth0") && e.family() == LinkEvent.AF_UNSPEC
                && e.type() == LinkMessageType.NEW_LINK && e.master() == bridge);
        listener.await(mark, "AF_BRIDGE NEWLINK for veth0", e -> e.name().equals("veth0")
                && e.family() == LinkEvent.AF_BRIDGE && e.type() == LinkMessageType.NEW_LINK && e.master() == bridge);

        mark = listener.mark();
        ns.ip("link", "set", "veth0", "nomaster");
        LinkEvent left = listener.await(mark, "AF_BRIDGE DELLINK for veth0", e -> e.name().equals("veth0")
                && e.family() == LinkEvent.AF_BRIDGE && e.type() == LinkMessageType.DEL_LINK);
        assertThat(left.master()).as("the bridge DELLINK still names the master").isEqualTo(bridge);
        listener.await(mark, "veth0 released", e -> e.name().equals("veth0") && e.family() == LinkEvent.AF_UNSPEC
                && e.type() == LinkMessageType.NEW_LINK && e.master() == 0);
    }

    @Test
    void requestedDumpCompletesTheStageWithWhatListenersSaw() throws Exception {
        start();
        int initial = listener.dumps.get(0).sequence();

        DumpCompletion completion = capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(completion.sequence()).isNotEqualTo(initial);
        assertThat(completion.resync()).isFalse();
        assertThat(completion.links()).extracting(LinkEvent::name).containsExactlyInAnyOrderElementsOf(kernelNames());
        assertThat(listener.dumps).hasSize(2).last().isEqualTo(completion);
    }

    @Test
    void setAdminDownClearsIffUpAndReportsTheKernelsErrno() throws Exception {
        ns.up("Ethernet0");
        start();
        int ifindex = ns.ifindex("Ethernet0");
        int mark = listener.mark();

        capture.setAdminDown(ifindex);

        assertThat(ns.ip("-o", "link", "show", "Ethernet0")).doesNotContain(",UP").doesNotContain("<UP");
        listener.await(mark, "Ethernet0 down", e -> e.ifindex() == ifindex && !e.adminUp());
        assertThatThrownBy(() -> capture.setAdminDown(999_999)).isInstanceOf(LinkControlException.class)
                .extracting(e -> ((LinkControlException) e).errno()).isEqualTo(LibC.ENODEV);
        assertThatThrownBy(() -> capture.setAdminDown(0)).isInstanceOf(LinkControlException.class)
                .extracting(e -> ((LinkControlException) e).errno()).isEqualTo(LibC.EINVAL);
    }

    @Test
    void noLongLivedThreadEntersTheNamespaceAndListenersRunOnTheCapturesOwnThreads() {
        String own = RecordingListener.currentThreadNamespace();

        start();
        int mark = listener.mark();
        ns.addTap("Ethernet8");
        listener.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));

        assertThat(RecordingListener.currentThreadNamespace()).isEqualTo(own);
        assertThat(listener.threadNamespaces).containsExactly(own);
        assertThat(listener.threadNames).isSubsetOf("netlink-capture-" + ns.name(), "netlink-delivery-" + ns.name());
        assertThat(InNamespace.call(ns.name(), RecordingListener::currentThreadNamespace)).isNotEqualTo(own);
    }

    @Test
    void callbacksNeverOverlapAndKeepKernelOrderWhetherDeliveredByTheReaderOrQueued() {
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        List<Long> mtus = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int ifindex = ns.ifindex("Ethernet0");
        LinkListener slowEveryFifthCall = batch -> {
            if (inCall.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread().getName());
            batch.stream().filter(e -> e.ifindex() == ifindex && !e.isDumpEntry()).forEach(e -> mtus.add(e.mtu()));
            if (calls.incrementAndGet() % 5 == 0) {
                // long enough for the next batches to queue for the delivery thread
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            inCall.decrementAndGet();
        };
        start(List.of(slowEveryFifthCall, listener));
        List<String> changes = new ArrayList<>();
        for (int mtu = 1000; mtu < 1400; mtu++) {
            changes.add("link set Ethernet0 mtu " + mtu);
        }

        ns.batch(changes);

        Poll.until(RecordingListener.TIMEOUT, () -> !mtus.isEmpty() && mtus.get(mtus.size() - 1) == 1399,
                () -> "last MTU not delivered; got " + mtus.subList(Math.max(0, mtus.size() - 5), mtus.size()));
        assertThat(overlaps).hasValue(0);
        assertThat(mtus).isSorted();
        assertThat(threads).containsExactlyInAnyOrder("netlink-capture-" + ns.name(), "netlink-delivery-" + ns.name());
        assertThat(capture.statistics().overruns()).isZero();
    }

    @Test
    void aThrowingListenerIsCountedAndOthersStillGetEverything() {
        LinkListener throwing = batch -> {
            throw new IllegalStateException("listener bug");
        };
        start(List.of(throwing, listener));
        int mark = listener.mark();

        ns.addTap("Ethernet8");

        listener.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));
        assertThat(capture.statistics().listenerFailures()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aUnicastFromAnotherUserspaceSocketIsDroppedAndCounted() {
        start();
        int target = capture.portId();

        InNamespace.call(ns.name(), () -> {
            try (NetlinkSocket spoofer = NetlinkSocket.open(0)) {
                spoofer.send(Wire.link(Rtnetlink.RTM_NEWLINK, 0, 0, 0, 4242, "Ethernet999"), target);
            }
            return null;
        });

        Poll.until(RecordingListener.TIMEOUT, () -> capture.statistics().spoofed() == 1, "spoofed datagram counted");
        int mark = listener.mark();
        ns.addTap("Ethernet8");
        listener.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));
        assertThat(listener.events).noneMatch(e -> e.name().equals("Ethernet999"));
        assertThat(metrics.get(Counter.NETLINK_SPOOFED)).isEqualTo(1);
    }

    @Test
    void anInvalidNamespaceNameOrBufferIsAClearError() {
        assertThatThrownBy(() -> NetlinkCapture.start("../etc", 1 << 20, listener, metrics))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid network namespace name");
        assertThatThrownBy(() -> NetlinkCapture.start(ns.name(), 0, listener, metrics))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receive buffer");
    }

    @Test
    void requestsAfterCloseFailAndCloseIsIdempotent() {
        start();
        capture.close();

        assertThat(capture.requestDump().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> capture.setAdminDown(1)).isInstanceOf(LinkControlException.class);
        capture.close();
    }
}
