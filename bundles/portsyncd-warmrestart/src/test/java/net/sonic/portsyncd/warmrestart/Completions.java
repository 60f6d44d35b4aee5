package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.testkit.Poll;

/** An initial-sync callback that records every call and the thread it came on. */
final class Completions implements Consumer<SyncCompletion> {
    record Call(SyncCompletion completion, String thread) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void accept(SyncCompletion completion) {
        calls.add(new Call(completion, Thread.currentThread().getName()));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<SyncCompletion> completions() {
        return calls.stream().map(Call::completion).toList();
    }

    Call awaitFirst(Duration timeout) {
        Poll.until(timeout, () -> !calls.isEmpty(), "the initial sync never completed");
        return calls.get(0);
    }
}
