package net.sonic.portsyncd.core;

import java.util.List;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.warm.SyncCompletion;

/** What the capture thread, timers, the probe and operators hand to the sync thread, in arrival order. */
sealed interface Work {

    /** Link messages in kernel order: one netlink batch, or several consecutive ones taken together. */
    record Events(List<LinkEvent> events) implements Work {
    }

    /** The capture recovered from a receive overrun; this is every link the kernel has now. */
    record KernelView(List<LinkEvent> links) implements Work {
    }

    /** A dump is about to be requested: from here on the watch notes which dump answers it sees. */
    record DumpStarted(DumpWatch watch) implements Work {
    }

    /** The dump of the watch ended, with its completion or the failure that stopped it. */
    record DumpFinished(DumpWatch watch, DumpCompletion completion, Throwable failure) implements Work {
    }

    /**
     * The liveness probe found Redis unreachable ({@code restartedAs} null), or restarted with the run id
     * {@code restartedAs} (its data may be gone or older).
     */
    record RedisLost(net.sonic.portsyncd.api.db.DbUnavailableException error, String restartedAs) implements Work {
    }

    /** The warm-restart lifecycle closed the initial sync window. */
    record InitialSyncEnded(SyncCompletion reason) implements Work {
    }
}
