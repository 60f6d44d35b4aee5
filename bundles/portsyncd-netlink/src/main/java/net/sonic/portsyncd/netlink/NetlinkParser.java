package net.sonic.portsyncd.netlink;

import static net.sonic.portsyncd.netlink.Rtnetlink.IFINFOMSG_LEN;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLA_HDRLEN;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLMSG_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;

/**
 * Parses rtnetlink datagrams (host byte order) into {@link NetlinkMessage}s. Total: whatever the bytes, it returns
 * the messages it could read and a count of what it rejected; it never throws and every loop advances by at least
 * a header. Framing errors end the datagram (nothing after a bad length can be trusted); an attribute error
 * rejects only its message, as libnl's link parser does. Link messages without IFLA_IFNAME are rejected too
 * (libnl: NLE_MISSING_ATTR), so they never reach listeners.
 */
public final class NetlinkParser {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private NetlinkParser() {
    }

    /**
     * Parses the bytes between the buffer's position and limit; the buffer itself is left untouched.
     *
     * @param receivedNanos {@link System#nanoTime()} of the receive, stamped on every link event
     */
    public static ParsedDatagram parse(ByteBuffer datagram, long receivedNanos) {
        ByteBuffer bytes = datagram.duplicate().order(ByteOrder.nativeOrder());
        int position = bytes.position();
        int end = bytes.limit();
        List<NetlinkMessage> messages = new ArrayList<>();
        int errors = 0;
        int ignored = 0;
        while (end - position >= NLMSG_HDRLEN) {
            int length = bytes.getInt(position);
            if (length < NLMSG_HDRLEN || length > end - position) {
                errors++;
                position = end;
                break;
            }
            int type = bytes.getShort(position + 4) & 0xffff;
            int flags = bytes.getShort(position + 6) & 0xffff;
            int sequence = bytes.getInt(position + 8);
            int payload = position + NLMSG_HDRLEN;
            int messageEnd = position + length;
            switch (type) {
                case Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_DELLINK -> {
                    LinkEvent event = parseLink(bytes, type, flags, sequence, payload, messageEnd, receivedNanos);
                    if (event == null) {
                        errors++;
                    } else {
                        messages.add(new NetlinkMessage.Link(sequence, flags, event));
                    }
                }
                case Rtnetlink.NLMSG_DONE -> messages.add(new NetlinkMessage.Done(sequence, flags,
                        messageEnd - payload >= 4 ? bytes.getInt(payload) : 0));
                case Rtnetlink.NLMSG_ERROR -> {
                    if (messageEnd - payload < 4) {
                        errors++;
                    } else {
                        messages.add(new NetlinkMessage.Error(sequence, -bytes.getInt(payload)));
                    }
                }
                default -> ignored++;
            }
            position += (int) Math.min(Rtnetlink.align(length) & 0xffffffffL, end - position);
        }
        if (position < end) {
            errors++;
        }
        return new ParsedDatagram(messages, errors, ignored);
    }

    private static LinkEvent parseLink(ByteBuffer bytes, int type, int flags, int sequence, int payload,
            int messageEnd, long receivedNanos) {
        if (messageEnd - payload < IFINFOMSG_LEN) {
            return null;
        }
        LinkAttributes attributes = new LinkAttributes();
        if (!attributes.read(bytes, payload + IFINFOMSG_LEN, messageEnd) || attributes.name == null) {
            return null;
        }
        LinkMessageType messageType = type == Rtnetlink.RTM_NEWLINK ? LinkMessageType.NEW_LINK
                : LinkMessageType.DEL_LINK;
        int dumpSequence = (flags & Rtnetlink.NLM_F_MULTI) != 0 ? sequence : 0;
        return new LinkEvent(messageType, bytes.get(payload) & 0xff, bytes.getInt(payload + 4),
                bytes.getInt(payload + 8), bytes.getInt(payload + 12), attributes.name, attributes.mtu,
                attributes.master, attributes.address, attributes.operState, attributes.carrier, attributes.kind,
                dumpSequence, receivedNanos);
    }

    /** The IFLA_* attributes of one link message; the last occurrence of a repeated attribute wins. */
    private static final class LinkAttributes {
        String name;
        long mtu = -1;
        int master;
        String address;
        int operState = -1;
        int carrier = -1;
        String kind;

        /** @return false when an attribute is malformed */
        boolean read(ByteBuffer bytes, int start, int end) {
            int position = start;
            while (end - position >= NLA_HDRLEN) {
                int length = bytes.getShort(position) & 0xffff;
                if (length < NLA_HDRLEN || length > end - position) {
                    return false;
                }
                if (!readOne(bytes, bytes.getShort(position + 2) & Rtnetlink.NLA_TYPE_MASK, position + NLA_HDRLEN,
                        length - NLA_HDRLEN)) {
                    return false;
                }
                position += Math.min(Rtnetlink.align(length), end - position);
            }
            return position == end;
        }

        private boolean readOne(ByteBuffer bytes, int type, int data, int length) {
            switch (type) {
                case Rtnetlink.IFLA_IFNAME -> {
                    name = string(bytes, data, length, Rtnetlink.IFNAMSIZ);
                    return name != null && !name.isEmpty();
                }
                case Rtnetlink.IFLA_MTU -> {
                    if (length < 4) {
                        return false;
                    }
                    mtu = bytes.getInt(data) & 0xffffffffL;
                }
                case Rtnetlink.IFLA_MASTER -> {
                    if (length < 4) {
                        return false;
                    }
                    master = bytes.getInt(data);
                }
                case Rtnetlink.IFLA_ADDRESS -> {
                    if (length > Rtnetlink.MAX_ADDR_LEN) {
                        return false;
                    }
                    address = hex(bytes, data, length);
                }
                case Rtnetlink.IFLA_OPERSTATE -> {
                    if (length < 1) {
                        return false;
                    }
                    operState = bytes.get(data) & 0xff;
                }
                case Rtnetlink.IFLA_CARRIER -> {
                    if (length < 1) {
                        return false;
                    }
                    carrier = bytes.get(data) & 0xff;
                }
                case Rtnetlink.IFLA_LINKINFO -> {
                    return readLinkInfo(bytes, data, data + length);
                }
                default -> {
                    // attributes portsyncd does not use
                }
            }
            return true;
        }

        private boolean readLinkInfo(ByteBuffer bytes, int start, int end) {
            int position = start;
            while (end - position >= NLA_HDRLEN) {
                int length = bytes.getShort(position) & 0xffff;
                if (length < NLA_HDRLEN || length > end - position) {
                    return false;
                }
                if ((bytes.getShort(position + 2) & Rtnetlink.NLA_TYPE_MASK) == Rtnetlink.IFLA_INFO_KIND) {
                    kind = string(bytes, position + NLA_HDRLEN, length - NLA_HDRLEN, 0);
                    if (kind == null) {
                        return false;
                    }
                }
                position += Math.min(Rtnetlink.align(length), end - position);
            }
            return position == end;
        }
    }

    /**
     * An NLA_STRING as libnl validates it: NUL-terminated, at most {@code maxLength} bytes (0: no limit); the
     * text ends at the first NUL. Bytes that are not UTF-8 are replaced, never rejected.
     */
    private static String string(ByteBuffer bytes, int data, int length, int maxLength) {
        if (length < 1 || (maxLength > 0 && length > maxLength) || bytes.get(data + length - 1) != 0) {
            return null;
        }
        int textLength = 0;
        while (bytes.get(data + textLength) != 0) {
            textLength++;
        }
        byte[] text = new byte[textLength];
        bytes.get(data, text, 0, textLength);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static String hex(ByteBuffer bytes, int data, int length) {
        if (length == 0) {
            return "";
        }
        char[] text = new char[length * 3 - 1];
        for (int i = 0; i < length; i++) {
            int value = bytes.get(data + i) & 0xff;
            if (i > 0) {
                text[i * 3 - 1] = ':';
            }
            text[i * 3] = HEX[value >>> 4];
            text[i * 3 + 1] = HEX[value & 0xf];
        }
        return new String(text);
    }
}
