package net.sonic.portsyncd.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-builds netlink messages and attributes the way the kernel lays them out (host order, 4-byte aligned). */
final class Wire {
    private Wire() {
    }

    static byte[] message(int type, int flags, int sequence, int portId, byte[] payload) {
        int length = Rtnetlink.NLMSG_HDRLEN + payload.length;
        ByteBuffer buffer = ByteBuffer.allocate(Rtnetlink.align(length)).order(ByteOrder.nativeOrder());
        buffer.putInt(length).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(portId)
                .put(payload);
        return buffer.array();
    }

    static byte[] message(int type, int flags, int sequence, byte[] payload) {
        return message(type, flags, sequence, 0, payload);
    }

    static byte[] ifinfo(int family, int ifindex, int flags, int change) {
        return ByteBuffer.allocate(Rtnetlink.IFINFOMSG_LEN).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) 0).putShort((short) 1).putInt(ifindex).putInt(flags).putInt(change)
                .array();
    }

    /** One attribute, padded to 4 bytes (nla_len excludes the padding). */
    static byte[] attribute(int type, byte[] data) {
        int length = Rtnetlink.NLA_HDRLEN + data.length;
        return ByteBuffer.allocate(Rtnetlink.align(length)).order(ByteOrder.nativeOrder())
                .putShort((short) length).putShort((short) type).put(data).array();
    }

    static byte[] string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    static byte[] u8(int value) {
        return new byte[] {(byte) value};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A complete RTM_NEWLINK/DELLINK message with the usual attributes. */
    static byte[] link(int type, int flags, int sequence, int family, int ifindex, String name, byte[]... more) {
        return message(type, flags, sequence, concat(ifinfo(family, ifindex, 0x1003, 0),
                attribute(Rtnetlink.IFLA_IFNAME, string(name)), concat(more)));
    }

    static ParsedDatagram parse(byte[] datagram) {
        return NetlinkParser.parse(ByteBuffer.wrap(datagram), 42L);
    }
}
