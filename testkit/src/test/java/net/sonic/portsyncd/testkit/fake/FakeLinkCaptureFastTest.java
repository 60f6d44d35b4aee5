package net.sonic.portsyncd.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLinkCaptureFastTest {
    private final FakeLinkCapture capture = new FakeLinkCapture("sw");
    private final Recorder recorder = new Recorder();

    FakeLinkCaptureFastTest() {
        capture.addListener(recorder);
    }

    @AfterEach
    void close() {
        capture.close();
    }

    /** Every call as text, in order, noted on the thread that made it. */
    private static final class Recorder implements LinkListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<LinkEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onLinkBatch(List<LinkEvent> batch) {
            threads.add(Thread.currentThread().getName());
            events.addAll(batch);
            calls.add("batch " + batch.stream().map(e -> e.type() + " " + e.name() + "#" + e.dumpSequence()).toList());
        }

        @Override
        public void onDumpComplete(DumpCompletion completion) {
            calls.add("dump " + completion.sequence() + (completion.resync() ? " resync" : "") + " "
                    + completion.links().size());
        }

        @Override
        public void onResyncComplete(List<LinkEvent> kernelView) {
            calls.add("view " + kernelView.stream().map(LinkEvent::name).toList());
        }
    }

    @Test
    void aDumpDeliversItsEntriesThenItsEndThenCompletesTheRequestOnTheCapturesThread() throws Exception {
        capture.addLink("Ethernet0");
        CompletableFuture<DumpCompletion> dump = capture.requestDump().toCompletableFuture();
        List<String> seenWhenDone = dump.thenApply(done -> List.copyOf(recorder.calls)).get(5, TimeUnit.SECONDS);

        int sequence = dump.get().sequence();
        assertThat(seenWhenDone).containsExactly("batch [NEW_LINK Ethernet0#0]",
                "batch [NEW_LINK lo#" + sequence + ", NEW_LINK Ethernet0#" + sequence + "]", "dump " + sequence + " 2");
        assertThat(dump.get().links()).extracting(LinkEvent::dumpSequence).containsOnly(sequence);
        assertThat(recorder.threads).allMatch(name -> name.equals("fake-capture-sw"));
    }

    @Test
    void changesAreNotifiedInKernelOrderOneBatchEachOrOneForAGroup() {
        capture.addLink("Ethernet0", "veth");
        capture.setAdminState("Ethernet0", true);
        capture.inOneBatch(() -> {
            capture.setMtu("Ethernet0", 9100);
            capture.setAdminState("Ethernet0", false);
        });
        capture.deleteLink("Ethernet0");
        capture.awaitDelivered();

        assertThat(recorder.calls).containsExactly("batch [NEW_LINK Ethernet0#0]", "batch [NEW_LINK Ethernet0#0]",
                "batch [NEW_LINK Ethernet0#0, NEW_LINK Ethernet0#0]", "batch [DEL_LINK Ethernet0#0]");
        LinkEvent up = recorder.events.get(1);
        assertThat(up.adminUp()).isTrue();
        assertThat(up.operUp()).as("a veth has carrier").isTrue();
        assertThat(recorder.events.get(2).mtu()).isEqualTo(9100);
        assertThat(recorder.events.get(3).adminUp()).isFalse();
        assertThat(recorder.events.get(3).operUp()).isFalse();
    }

    @Test
    void aTapIsRunningOnlyOnceItHasCarrier() {
        capture.addLink("Ethernet0");
        capture.setAdminState("Ethernet0", true);
        assertThat(capture.state("Ethernet0").orElseThrow().operUp()).isFalse();
        capture.setCarrier("Ethernet0", true);
        assertThat(capture.state("Ethernet0").orElseThrow().operUp()).isTrue();
        assertThat(capture.state("Ethernet0").orElseThrow().adminUp()).isTrue();
    }

    @Test
    void requestsWaitingTogetherAreServedByOneDump() throws Exception {
        capture.holdDumps();
        CompletableFuture<DumpCompletion> first = capture.requestDump().toCompletableFuture();
        CompletableFuture<DumpCompletion> second = capture.requestDump().toCompletableFuture();
        capture.awaitDelivered();
        assertThat(first).isNotDone();
        assertThat(capture.waitingDumps()).isEqualTo(2);

        assertThat(capture.answerDumps()).isTrue();
        assertThat(first.get(5, TimeUnit.SECONDS).sequence()).isEqualTo(second.get(5, TimeUnit.SECONDS).sequence());
        assertThat(capture.answerDumps()).isFalse();
    }

    @Test
    void lostNotificationsAreMadeGoodByAResyncWithTheWholeView() {
        capture.addLink("Ethernet0");
        capture.addLink("Ethernet4");
        capture.awaitDelivered();
        recorder.calls.clear();

        capture.loseNotificationsOf(() -> {
            capture.deleteLink("Ethernet0");
            capture.setAdminState("Ethernet4", true);
        });
        capture.awaitDelivered();

        assertThat(recorder.calls).hasSize(3);
        assertThat(recorder.calls.get(0)).startsWith("batch [NEW_LINK lo#").doesNotContain("DEL_LINK");
        assertThat(recorder.calls.get(1)).endsWith(" resync 2");
        assertThat(recorder.calls.get(2)).isEqualTo("view [lo, Ethernet4]");
        assertThat(capture.statistics().overruns()).isEqualTo(1);
        assertThat(capture.statistics().resyncs()).isEqualTo(1);
    }

    @Test
    void aLostNamespaceFailsDumpsHidesChangesAndDeliversAnEmptyViewThenItsFullViewWhenBack() {
        capture.addLink("Ethernet0");
        capture.holdDumps();
        CompletableFuture<DumpCompletion> waiting = capture.requestDump().toCompletableFuture();

        capture.detach();
        assertThat(capture.attached()).isFalse();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(capture.requestDump().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> capture.setAdminDown(capture.ifindex("Ethernet0")))
                .isInstanceOf(LinkControlException.class);
        capture.addLink("Ethernet4");
        capture.awaitDelivered();
        assertThat(recorder.calls).containsExactly("batch [NEW_LINK Ethernet0#0]",
                recorder.calls.get(1), "view []");
        assertThat(recorder.calls.get(1)).matches("dump \\d+ resync 0");

        capture.attach();
        capture.awaitDelivered();
        assertThat(recorder.calls.get(recorder.calls.size() - 1)).isEqualTo("view [lo, Ethernet0, Ethernet4]");
    }

    @Test
    void adminDownClearsUpAndRunningAndIsNotifiedAndAnUnknownIfindexIsRefused() throws Exception {
        int ifindex = capture.addLink("Ethernet0", "veth");
        capture.setAdminState("Ethernet0", true);
        capture.setAdminDown(ifindex);
        capture.awaitDelivered();

        LinkEvent last = recorder.events.get(recorder.events.size() - 1);
        assertThat(last.adminUp()).isFalse();
        assertThat(last.operUp()).isFalse();
        assertThat(capture.adminDownRequests()).containsExactly(ifindex);
        assertThatThrownBy(() -> capture.setAdminDown(999)).isInstanceOfSatisfying(LinkControlException.class,
                e -> assertThat(e.errno()).isEqualTo(19));
    }

    @Test
    void aBridgePortLeavingItsBridgeGetsAnAfBridgeDellinkStillNamingTheMaster() {
        int bridge = capture.addLink("Bridge", "bridge");
        capture.addLink("Ethernet0", "veth");
        capture.setMaster("Ethernet0", "Bridge");
        capture.setNoMaster("Ethernet0");
        capture.awaitDelivered();

        List<LinkEvent> last = recorder.events.subList(recorder.events.size() - 2, recorder.events.size());
        assertThat(last.get(0).type()).isEqualTo(LinkMessageType.DEL_LINK);
        assertThat(last.get(0).family()).isEqualTo(LinkEvent.AF_BRIDGE);
        assertThat(last.get(0).master()).isEqualTo(bridge);
        assertThat(last.get(1).type()).isEqualTo(LinkMessageType.NEW_LINK);
        assertThat(last.get(1).master()).isZero();
        assertThat(capture.linkNames()).contains("Ethernet0");
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillHearEverything() {
        capture.removeListener(recorder);
        capture.addListener(new LinkListener() {
            @Override
            public void onLinkBatch(List<LinkEvent> batch) {
                throw new IllegalStateException("broken listener");
            }
        });
        capture.addListener(recorder);
        capture.addLink("Ethernet0");
        capture.addLink("Ethernet4");
        capture.awaitDelivered();

        assertThat(recorder.calls).hasSize(2);
        assertThat(capture.statistics().listenerFailures()).isEqualTo(2);
    }

    @Test
    void closingFailsWaitingRequestsAndLaterOnes() {
        capture.holdDumps();
        CompletableFuture<DumpCompletion> waiting = capture.requestDump().toCompletableFuture();
        capture.close();
        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).hasMessageContaining("closed");
        assertThat(capture.requestDump().toCompletableFuture()).isCompletedExceptionally();
        assertThat(capture.attached()).isFalse();
    }
}
