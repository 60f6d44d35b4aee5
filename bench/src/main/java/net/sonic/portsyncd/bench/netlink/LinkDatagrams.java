package net.sonic.portsyncd.bench.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Synthetic rtnetlink datagrams shaped like the kernel's: RTM_NEWLINK messages of about 1.3 KiB, with the
 * attributes portsyncd reads between the many it skips (stats, AF_SPEC, queue counts...).
 */
final class LinkDatagrams {
    private static final int RTM_NEWLINK = 16;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_MULTI = 2;

    private LinkDatagrams() {
    }

    /** A dump datagram: {@code links} NEWLINK entries of one dump sequence, then NLMSG_DONE. */
    static ByteBuffer dump(int links, int sequence) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(links * 1600 + 64).order(ByteOrder.nativeOrder());
        for (int i = 0; i < links; i++) {
            putLink(buffer, NLM_F_MULTI, sequence, i + 1, "Ethernet" + (i * 4));
        }
        buffer.putInt(20).putShort((short) NLMSG_DONE).putShort((short) NLM_F_MULTI).putInt(sequence).putInt(0)
                .putInt(0);
        return buffer.flip();
    }

    /** A notification datagram: one NEWLINK. */
    static ByteBuffer notification() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1600).order(ByteOrder.nativeOrder());
        putLink(buffer, 0, 0, 7, "Ethernet24");
        return buffer.flip();
    }

    private static void putLink(ByteBuffer buffer, int flags, int sequence, int ifindex, String name) {
        int start = buffer.position();
        buffer.putInt(0).putShort((short) RTM_NEWLINK).putShort((short) flags).putInt(sequence).putInt(0);
        buffer.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(ifindex).putInt(0x11043).putInt(0);
        putAttribute(buffer, 3, (name + "\0").getBytes(StandardCharsets.US_ASCII));
        putU32(buffer, 13, 1000); // IFLA_TXQLEN
        putU8(buffer, 16, 6); // IFLA_OPERSTATE
        putU8(buffer, 17, 0); // IFLA_LINKMODE
        putU32(buffer, 4, 9100); // IFLA_MTU
        putU32(buffer, 50, 68); // IFLA_MIN_MTU
        putU32(buffer, 51, 65535); // IFLA_MAX_MTU
        putU32(buffer, 27, 0); // IFLA_GROUP
        putU32(buffer, 30, 0); // IFLA_PROMISCUITY
        putU32(buffer, 31, 1); // IFLA_NUM_TX_QUEUES
        putU32(buffer, 40, 65536); // IFLA_GSO_MAX_SEGS
        putU32(buffer, 41, 65536); // IFLA_GSO_MAX_SIZE
        putU32(buffer, 32, 1); // IFLA_NUM_RX_QUEUES
        putU8(buffer, 33, 1); // IFLA_CARRIER
        putU32(buffer, 10, 200); // IFLA_MASTER
        putU32(buffer, 47, 4); // IFLA_CARRIER_CHANGES
        putAttribute(buffer, 1, new byte[] {0x52, 0x54, 0, 0x12, 0x34, (byte) ifindex}); // IFLA_ADDRESS
        putAttribute(buffer, 2, new byte[] {-1, -1, -1, -1, -1, -1}); // IFLA_BROADCAST
        putAttribute(buffer, 23, new byte[200]); // IFLA_STATS64
        putAttribute(buffer, 7, new byte[96]); // IFLA_STATS
        putAttribute(buffer, 14, new byte[32]); // IFLA_MAP
        putAttribute(buffer, 6, "noqueue\0".getBytes(StandardCharsets.US_ASCII)); // IFLA_QDISC
        int linkInfo = buffer.position();
        buffer.putShort((short) 0).putShort((short) 18);
        putAttribute(buffer, 1, "veth\0".getBytes(StandardCharsets.US_ASCII));
        putAttribute(buffer, 4, "bridge\0".getBytes(StandardCharsets.US_ASCII)); // IFLA_INFO_SLAVE_KIND
        putAttribute(buffer, 5, new byte[280]); // IFLA_INFO_SLAVE_DATA
        buffer.putShort(linkInfo, (short) (buffer.position() - linkInfo));
        putAttribute(buffer, 26, new byte[420]); // IFLA_AF_SPEC
        buffer.putInt(start, buffer.position() - start);
    }

    private static void putU32(ByteBuffer buffer, int type, int value) {
        buffer.putShort((short) 8).putShort((short) type).putInt(value);
    }

    private static void putU8(ByteBuffer buffer, int type, int value) {
        buffer.putShort((short) 5).putShort((short) type).put((byte) value).put(new byte[3]);
    }

    private static void putAttribute(ByteBuffer buffer, int type, byte[] data) {
        buffer.putShort((short) (4 + data.length)).putShort((short) type).put(data);
        buffer.put(new byte[(4 - data.length % 4) % 4]);
    }
}
