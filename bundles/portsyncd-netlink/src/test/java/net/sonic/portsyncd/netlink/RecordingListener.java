package net.sonic.portsyncd.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.testkit.Poll;

/** Records every callback in order, and the network namespace and name of the thread that made it. */
final class RecordingListener implements LinkListener {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final List<LinkEvent> events = new CopyOnWriteArrayList<>();
    final List<DumpCompletion> dumps = new CopyOnWriteArrayList<>();
    final List<List<LinkEvent>> resyncs = new CopyOnWriteArrayList<>();
    /** "links", "dump" and "resync" entries in call order; a link entry per event. */
    final List<Object> callbacks = new CopyOnWriteArrayList<>();
    final Set<String> threadNamespaces = ConcurrentHashMap.newKeySet();
    final Set<String> threadNames = ConcurrentHashMap.newKeySet();

    @Override
    public void onLinkBatch(List<LinkEvent> batch) {
        recordThread();
        events.addAll(batch);
        callbacks.addAll(batch);
    }

    @Override
    public void onDumpComplete(DumpCompletion completion) {
        recordThread();
        dumps.add(completion);
        callbacks.add(completion);
    }

    @Override
    public void onResyncComplete(List<LinkEvent> kernelView) {
        recordThread();
        resyncs.add(kernelView);
        callbacks.add(kernelView);
    }

    int mark() {
        return events.size();
    }

    /** The first event from index {@code from} on that matches, waiting for it. */
    LinkEvent await(int from, String description, Predicate<LinkEvent> condition) {
        Poll.until(TIMEOUT, () -> find(from, condition) != null,
                () -> "no event " + description + " after #" + from + "; got " + events.subList(from, events.size()));
        return find(from, condition);
    }

    private LinkEvent find(int from, Predicate<LinkEvent> condition) {
        List<LinkEvent> snapshot = List.copyOf(events);
        for (int i = from; i < snapshot.size(); i++) {
            if (condition.test(snapshot.get(i))) {
                return snapshot.get(i);
            }
        }
        return null;
    }

    private void recordThread() {
        threadNames.add(Thread.currentThread().getName());
        threadNamespaces.add(currentThreadNamespace());
    }

    static String currentThreadNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read this thread's network namespace", e);
        }
    }
}
