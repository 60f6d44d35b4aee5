package net.sonic.portsyncd.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds the requests the capture sends to the kernel. */
final class NetlinkRequests {
    private static final int LINK_REQUEST_LENGTH = Rtnetlink.NLMSG_HDRLEN + Rtnetlink.IFINFOMSG_LEN;

    private NetlinkRequests() {
    }

    /**
     * RTM_GETLINK dump of every link (AF_UNSPEC), flagged NLM_F_ACK as libnl does; the body is a zeroed ifinfomsg,
     * which kernels with and without strict checking accept.
     */
    static byte[] linkDump(int sequence) {
        return linkMessage(Rtnetlink.RTM_GETLINK, Rtnetlink.NLM_F_REQUEST | Rtnetlink.NLM_F_DUMP | Rtnetlink.NLM_F_ACK,
                sequence, 0, 0, 0);
    }

    /** RTM_NEWLINK changing only the flags under {@code change} of one link, acknowledged. */
    static byte[] setLinkFlags(int sequence, int ifindex, int flags, int change) {
        return linkMessage(Rtnetlink.RTM_NEWLINK, Rtnetlink.NLM_F_REQUEST | Rtnetlink.NLM_F_ACK, sequence, ifindex,
                flags, change);
    }

    private static byte[] linkMessage(int type, int messageFlags, int sequence, int ifindex, int flags, int change) {
        ByteBuffer message = ByteBuffer.allocate(LINK_REQUEST_LENGTH).order(ByteOrder.nativeOrder());
        message.putInt(LINK_REQUEST_LENGTH)
                .putShort((short) type)
                .putShort((short) messageFlags)
                .putInt(sequence)
                .putInt(0)
                .put((byte) 0) // ifi_family AF_UNSPEC
                .put((byte) 0) // padding
                .putShort((short) 0) // ifi_type
                .putInt(ifindex)
                .putInt(flags)
                .putInt(change);
        return message.array();
    }
}
