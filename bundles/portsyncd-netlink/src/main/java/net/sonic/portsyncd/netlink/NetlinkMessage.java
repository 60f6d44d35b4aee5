package net.sonic.portsyncd.netlink;

import net.sonic.portsyncd.api.link.LinkEvent;

/** One netlink message of a datagram, as far as the capture cares. */
public sealed interface NetlinkMessage {

    int sequence();

    /** RTM_NEWLINK or RTM_DELLINK with its name and attributes. */
    record Link(int sequence, int flags, LinkEvent event) implements NetlinkMessage {
        public boolean dumpInterrupted() {
            return (flags & Rtnetlink.NLM_F_DUMP_INTR) != 0;
        }
    }

    /** NLMSG_DONE: the end of a dump; {@code error} is the kernel's status (0, or a negative errno). */
    record Done(int sequence, int flags, int error) implements NetlinkMessage {
        public boolean dumpInterrupted() {
            return (flags & Rtnetlink.NLM_F_DUMP_INTR) != 0;
        }
    }

    /** NLMSG_ERROR: an acknowledgement ({@code errno} 0) or a refusal (positive errno) of a request. */
    record Error(int sequence, int errno) implements NetlinkMessage {
    }
}
