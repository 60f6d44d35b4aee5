package net.sonic.portsyncd.netlink;

/** Why link messages were lost. */
enum OverrunCause {
    KERNEL_ENOBUFS("kernel-enobufs", "the kernel dropped messages: receive buffer full (ENOBUFS)"),
    DELIVERY_QUEUE_FULL("delivery-queue-full",
            "listeners are too slow: the delivery queue is full, a receive batch was dropped");

    private final String id;
    private final String description;

    OverrunCause(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Stable text for alarm details. */
    String id() {
        return id;
    }

    String description() {
        return description;
    }
}
