package net.sonic.portsyncd.netlink;

/**
 * How to run one capture.
 *
 * @param netns                  network namespace name under /var/run/netns; empty for the process's own
 * @param receiveBufferBytes     socket receive buffer asked for (the kernel doubles it)
 * @param deliveryQueueEvents    link events allowed to wait for the delivery thread; beyond that, received
 *                               batches are dropped and the capture resynchronises as after a kernel overrun
 */
public record CaptureSettings(String netns, int receiveBufferBytes, int deliveryQueueEvents) {
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_DELIVERY_QUEUE_EVENTS = 65_536;
    /** The kernel stores twice the requested size in an int. */
    public static final int MAX_RECEIVE_BUFFER_BYTES = 1 << 30;

    public CaptureSettings {
        NetworkNamespace.validate(netns);
        if (receiveBufferBytes <= 0 || receiveBufferBytes > MAX_RECEIVE_BUFFER_BYTES) {
            throw new IllegalArgumentException("receive buffer must be 1.." + MAX_RECEIVE_BUFFER_BYTES
                    + " bytes, not " + receiveBufferBytes);
        }
        if (deliveryQueueEvents <= 0) {
            throw new IllegalArgumentException("delivery queue must hold at least one event, not "
                    + deliveryQueueEvents);
        }
    }

    public CaptureSettings(String netns, int receiveBufferBytes) {
        this(netns, receiveBufferBytes, DEFAULT_DELIVERY_QUEUE_EVENTS);
    }

    /** For thread names and logs. */
    String displayName() {
        return netns.isEmpty() ? "own-netns" : netns;
    }
}
