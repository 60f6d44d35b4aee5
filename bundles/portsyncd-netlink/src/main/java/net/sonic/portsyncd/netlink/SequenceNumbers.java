package net.sonic.portsyncd.netlink;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request sequence numbers of one socket. Never 0, which is what kernel notifications carry; seeded from the clock
 * (as libnl does) so that a reopened socket does not reuse the previous one's numbers right away.
 */
final class SequenceNumbers {
    private final AtomicInteger last = new AtomicInteger((int) (System.currentTimeMillis() / 1000));

    int next() {
        int next;
        do {
            next = last.incrementAndGet();
        } while (next == 0);
        return next;
    }
}
