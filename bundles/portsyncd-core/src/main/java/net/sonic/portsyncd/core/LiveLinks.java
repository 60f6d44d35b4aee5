package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;

/**
 * The latest message per port name that passed the message-only filters, whatever became of it in Redis. It is
 * the sync thread's picture of the kernel: reconciliations (after an outage, an overrun, the warm window, an
 * operator resync) take from it the ports whose latest message is at least as recent as their starting point.
 * Used by the sync thread only.
 */
final class LiveLinks {
    private final Map<String, LinkEvent> latest = new HashMap<>();
    private int removedLinks;

    /**
     * Keeps the event unless a message received later is already known for that name; returns the message it
     * replaced, if any.
     */
    LinkEvent offer(LinkEvent event) {
        LinkEvent known = latest.get(event.name());
        if (known != null && event.receivedNanos() - known.receivedNanos() < 0) {
            return null;
        }
        latest.put(event.name(), event);
        removedLinks += (isRemoval(event) ? 1 : 0) - (known != null && isRemoval(known) ? 1 : 0);
        return known;
    }

    boolean hasNewerThan(LinkEvent event) {
        LinkEvent known = latest.get(event.name());
        return known != null && known.receivedNanos() - event.receivedNanos() > 0;
    }

    /** The latest messages received at or after {@code boundaryNanos}. */
    List<LinkEvent> since(long boundaryNanos) {
        List<LinkEvent> window = new ArrayList<>();
        for (LinkEvent event : latest.values()) {
            if (event.receivedNanos() - boundaryNanos >= 0) {
                window.add(event);
            }
        }
        return window;
    }

    int countSince(long boundaryNanos) {
        int count = 0;
        for (LinkEvent event : latest.values()) {
            if (event.receivedNanos() - boundaryNanos >= 0) {
                count++;
            }
        }
        return count;
    }

    /** Forgets removed links once no reconciliation can need their removal any more. */
    void forgetRemoved() {
        if (removedLinks > 0) {
            latest.values().removeIf(LiveLinks::isRemoval);
            removedLinks = 0;
        }
    }

    private static boolean isRemoval(LinkEvent event) {
        return event.type() == LinkMessageType.DEL_LINK;
    }
}
