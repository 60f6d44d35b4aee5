package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The captured namespace deleted, re-created and replaced under its name, with real namespaces: the capture lets
 * the old one go, tells listeners its links are gone, raises and clears NETNS_UNAVAILABLE, and follows the new one.
 */
class NamespaceWatchTest {
    private NetNs ns;
    private NetNs witness;
    private NetlinkCapture capture;
    private final RecordingListener listener = new RecordingListener();
    private final CountingMetrics metrics = new CountingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();

    @BeforeEach
    void createNamespaces() {
        ns = NetNs.create("nlwatch");
        ns.addTap("Ethernet0");
        ns.addTap("Ethernet4");
        witness = NetNs.create("nlwitness");
    }

    @AfterEach
    void cleanUp() {
        if (capture != null) {
            capture.close();
        }
        ns.close();
        witness.close();
    }

    private void start() {
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES),
                List.of(listener), metrics, alarms);
        Poll.until(RecordingListener.TIMEOUT, () -> !listener.dumps.isEmpty(), "initial dump completion");
    }

    /** A namespace of its own holding these taps, to put under the captured name in one step. */
    private static NetNs staged(String... taps) {
        NetNs staged = NetNs.create("nlstaged");
        for (String tap : taps) {
            staged.addTap(tap);
        }
        return staged;
    }

    private static Set<String> names(List<LinkEvent> links) {
        return links.stream().map(LinkEvent::name).collect(Collectors.toSet());
    }

    private void awaitResyncViews(int count) {
        Poll.until(RecordingListener.TIMEOUT, () -> listener.resyncs.size() >= count,
                () -> "resync view #" + count + "; callbacks " + listener.callbacks + ", alarms " + alarms.calls);
    }

    private void awaitAlarmCleared() {
        Poll.until(RecordingListener.TIMEOUT, () -> !alarms.active(AlarmType.NETNS_UNAVAILABLE),
                () -> "NETNS_UNAVAILABLE cleared; alarms " + alarms.calls);
    }

    /** The network namespaces of this process's threads, as /proc shows them. */
    private static Set<String> threadNamespaces() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readSymbolicLink(task.resolve("ns/net")).toString();
                } catch (IOException e) {
                    return "gone"; // the thread ended while listing
                }
            }).filter(link -> !link.equals("gone")).collect(Collectors.toSet());
        }
    }

    @Test
    void aDeletedNamespaceIsReleasedReportedEmptyAndFollowedWhenItComesBack() throws Exception {
        ns.addVeth("vethcap", "vethwit");
        ns.ip("link", "set", "vethwit", "netns", witness.name());
        start();
        NamespaceIdentity deleted = capture.attachedIdentity();
        assertThat(deleted).isEqualTo(NamespaceIdentity.of(ns.path()));
        assertThat(capture.attached()).isTrue();
        int before = listener.callbacks.size();

        ns.deleteNamespace();

        assertThat(capture.attached()).as("attached() looks at the name itself").isFalse();
        awaitResyncViews(1);
        List<Object> told = List.copyOf(listener.callbacks.subList(before, listener.callbacks.size()));
        assertThat(told).hasSize(2);
        DumpCompletion gone = (DumpCompletion) told.get(0);
        assertThat(gone.resync()).isTrue();
        assertThat(gone.links()).isEmpty();
        assertThat(told.get(1)).isEqualTo(List.of());
        RecordingAlarms.Call raise = alarms.raises(AlarmType.NETNS_UNAVAILABLE).get(0);
        assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
        assertThat(raise.text()).isEqualTo("network namespace '" + ns.name() + "' was deleted");
        assertThat(raise.details()).containsEntry("namespace", ns.name()).containsEntry("event", "deleted");
        assertThat(alarms.active(AlarmType.NETNS_UNAVAILABLE)).isTrue();

        // the kernel destroys a namespace (and with it both ends of the veth) only once nobody holds it
        Poll.until(RecordingListener.TIMEOUT, () -> !witness.linksJson().contains("\"vethwit\""),
                "the veth peer in the witness namespace destroyed with the deleted namespace");
        assertThat(threadNamespaces()).doesNotContain("net:[" + deleted.inode() + "]");
        assertThat(capture.attachedIdentity()).isNull();
        assertThat(capture.requestDump().toCompletableFuture()).as("a dump request while detached fails at once")
                .isCompletedExceptionally();
        assertThatThrownBy(() -> capture.requestDump().toCompletableFuture().get())
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining(ns.name())
                .hasMessageContaining("was deleted");
        assertThatThrownBy(() -> capture.setAdminDown(1)).isInstanceOf(LinkControlException.class)
                .hasMessageContaining("not attached");

        try (NetNs staged = staged("Ethernet8", "Ethernet12")) {
            ns.bindFrom(staged);
        }

        awaitResyncViews(2);
        awaitAlarmCleared();
        assertThat(names(listener.resyncs.get(1))).containsExactlyInAnyOrder("lo", "Ethernet8", "Ethernet12");
        DumpCompletion reattached = listener.dumps.get(listener.dumps.size() - 1);
        assertThat(reattached.resync()).isTrue();
        assertThat(names(reattached.links())).containsExactlyInAnyOrder("lo", "Ethernet8", "Ethernet12");
        assertThat(capture.attached()).isTrue();
        assertThat(capture.attachedIdentity()).isEqualTo(NamespaceIdentity.of(ns.path()));
        assertThat(metrics.get(Counter.NETNS_REATTACHES)).isEqualTo(1);
        assertThat(alarms.calls.get(alarms.calls.size() - 1).text())
                .isEqualTo("re-attached to network namespace '" + ns.name() + "' (inode "
                        + capture.attachedIdentity().inode() + "); listeners have its 3 links");

        int mark = listener.mark();
        ns.addTap("Ethernet16");
        listener.await(mark, "Ethernet16 created in the new namespace", e -> e.name().equals("Ethernet16"));
        assertThat(names(capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS).links()))
                .contains("Ethernet8", "Ethernet16");
        ns.up("Ethernet8");
        capture.setAdminDown(ns.ifindex("Ethernet8"));
        assertThat(ns.ip("-o", "link", "show", "Ethernet8")).doesNotContain("<UP").doesNotContain(",UP");

        String own = RecordingListener.currentThreadNamespace();
        assertThat(listener.threadNamespaces).containsExactly(own);
        assertThat(listener.threadNames).isSubsetOf("netlink-capture-" + ns.name(), "netlink-delivery-" + ns.name());
        assertThat(threadNamespaces()).as("no thread of this process stays in a captured namespace")
                .containsExactly(own);
    }

    @Test
    void aNamespaceReplacedUnderItsNameIsReportedAsSuchAndTheNewOneIsFollowed() {
        start();
        NamespaceIdentity replaced = capture.attachedIdentity();
        NetNs replacement = staged("Ethernet64");
        NamespaceIdentity replacing = NamespaceIdentity.of(replacement.path());

        try (replacement) {
            ns.bindFrom(replacement);
        }

        awaitResyncViews(2);
        awaitAlarmCleared();
        assertThat(listener.resyncs.get(0)).isEmpty();
        assertThat(names(listener.resyncs.get(1))).containsExactlyInAnyOrder("lo", "Ethernet64");
        RecordingAlarms.Call raise = alarms.raises(AlarmType.NETNS_UNAVAILABLE).get(0);
        assertThat(raise.text()).isEqualTo("network namespace '" + ns.name() + "' was replaced (inode "
                + replaced.inode() + " -> " + replacing.inode() + ")");
        assertThat(raise.details()).containsEntry("event", "replaced");
        assertThat(replacing.inode()).isNotEqualTo(replaced.inode());
        assertThat(capture.attachedIdentity()).isEqualTo(replacing);
        assertThat(capture.attached()).isTrue();
        assertThat(metrics.get(Counter.NETNS_REATTACHES)).isEqualTo(1);

        int mark = listener.mark();
        ns.addTap("Ethernet68");
        listener.await(mark, "Ethernet68 created in the replacing namespace", e -> e.name().equals("Ethernet68"));
    }

    @Test
    void aNamespaceMissingAtStartLeavesADetachedCaptureThatAttachesWhenItAppears() throws Exception {
        ns.deleteNamespace();
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES),
                List.of(listener), metrics, alarms);

        assertThat(capture.attached()).isFalse();
        assertThat(alarms.raises(AlarmType.NETNS_UNAVAILABLE)).singleElement()
                .satisfies(raise -> assertThat(raise.text())
                        .isEqualTo("network namespace '" + ns.name() + "' does not exist"));
        assertThatThrownBy(() -> capture.requestDump().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");

        ns.recreate();

        Poll.until(RecordingListener.TIMEOUT, capture::attached, "attached once the namespace exists");
        awaitResyncViews(1);
        awaitAlarmCleared();
        assertThat(names(listener.resyncs.get(0))).containsExactly("lo");
        assertThat(listener.dumps).singleElement().satisfies(dump -> assertThat(dump.resync()).isTrue());
        assertThat(alarms.calls.get(alarms.calls.size() - 1).text())
                .startsWith("attached to network namespace '" + ns.name() + "'");
        assertThat(metrics.get(Counter.NETNS_REATTACHES)).as("a first attachment is no re-attachment").isZero();
        assertThat(capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS).links()).isNotEmpty();
    }

    @Test
    void theOwnNamespaceIsAlwaysAttachedAndClosingEndsThat() {
        try (NetlinkCapture own = NetlinkCapture.start("", 1 << 20, batch -> { }, MetricsRecorder.NONE)) {
            assertThat(own.attached()).isTrue();
            assertThat(own.attachedIdentity()).isNull();
            own.close();
            assertThat(own.attached()).isFalse();
        }
    }
}
