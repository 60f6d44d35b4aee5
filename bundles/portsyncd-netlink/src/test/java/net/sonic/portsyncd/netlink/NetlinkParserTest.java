package net.sonic.portsyncd.netlink;

import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_ADDRESS;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_CARRIER;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_IFNAME;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_INFO_KIND;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_LINKINFO;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_MASTER;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_MTU;
import static net.sonic.portsyncd.netlink.Rtnetlink.IFLA_OPERSTATE;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLMSG_DONE;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLMSG_ERROR;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLM_F_DUMP_INTR;
import static net.sonic.portsyncd.netlink.Rtnetlink.NLM_F_MULTI;
import static net.sonic.portsyncd.netlink.Rtnetlink.RTM_DELLINK;
import static net.sonic.portsyncd.netlink.Rtnetlink.RTM_NEWLINK;
import static net.sonic.portsyncd.netlink.Wire.attribute;
import static net.sonic.portsyncd.netlink.Wire.concat;
import static net.sonic.portsyncd.netlink.Wire.ifinfo;
import static net.sonic.portsyncd.netlink.Wire.link;
import static net.sonic.portsyncd.netlink.Wire.message;
import static net.sonic.portsyncd.netlink.Wire.parse;
import static net.sonic.portsyncd.netlink.Wire.string;
import static net.sonic.portsyncd.netlink.Wire.u32;
import static net.sonic.portsyncd.netlink.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import org.junit.jupiter.api.Test;

class NetlinkParserTest {

    private static LinkEvent onlyEvent(byte[] datagram) {
        ParsedDatagram parsed = parse(datagram);
        assertThat(parsed.errors()).as("errors").isZero();
        assertThat(parsed.messages()).hasSize(1);
        return ((NetlinkMessage.Link) parsed.messages().get(0)).event();
    }

    @Test
    void readsTheHeaderAndEveryAttributePortsyncdUses() {
        byte[] datagram = message(RTM_NEWLINK, 0, 0, concat(
                ifinfo(LinkEvent.AF_UNSPEC, 7, LinkEvent.IFF_UP | LinkEvent.IFF_RUNNING, 0x41),
                attribute(IFLA_IFNAME, string("Ethernet0")),
                attribute(IFLA_MTU, u32(9100)),
                attribute(IFLA_MASTER, u32(12)),
                attribute(IFLA_ADDRESS, new byte[] {0x52, 0x54, 0x00, (byte) 0xab, (byte) 0xcd, (byte) 0xef}),
                attribute(IFLA_OPERSTATE, u8(6)),
                attribute(IFLA_CARRIER, u8(1)),
                attribute(IFLA_LINKINFO, attribute(IFLA_INFO_KIND, string("veth")))));

        LinkEvent event = onlyEvent(datagram);

        assertThat(event).isEqualTo(new LinkEvent(LinkMessageType.NEW_LINK, 0, 7, 0x41, 0x41, "Ethernet0", 9100, 12,
                "52:54:00:ab:cd:ef", 6, 1, "veth", 0, 42L));
        assertThat(event.adminUp()).isTrue();
        assertThat(event.operUp()).isTrue();
    }

    @Test
    void absentAttributesHaveTheirDocumentedDefaults() {
        LinkEvent event = onlyEvent(link(RTM_DELLINK, 0, 0, LinkEvent.AF_BRIDGE, 3, "Ethernet4"));

        assertThat(event.type()).isEqualTo(LinkMessageType.DEL_LINK);
        assertThat(event.family()).isEqualTo(LinkEvent.AF_BRIDGE);
        assertThat(event.mtu()).isEqualTo(-1);
        assertThat(event.master()).isZero();
        assertThat(event.address()).isNull();
        assertThat(event.operState()).isEqualTo(-1);
        assertThat(event.carrier()).isEqualTo(-1);
        assertThat(event.kind()).isNull();
        assertThat(event.isDumpEntry()).isFalse();
    }

    @Test
    void mtuIsUnsignedAndNetlinkAttributeFlagsAreMasked() {
        LinkEvent event = onlyEvent(link(RTM_NEWLINK, 0, 0, 0, 1, "lo",
                attribute(IFLA_MTU, u32(0xffffffff)),
                attribute(IFLA_LINKINFO | 0x8000, attribute(IFLA_INFO_KIND, string("bridge")))));

        assertThat(event.mtu()).isEqualTo(0xffffffffL);
        assertThat(event.kind()).isEqualTo("bridge");
    }

    @Test
    void theLastOfARepeatedAttributeWinsAndUnknownOnesAreSkipped() {
        LinkEvent event = onlyEvent(link(RTM_NEWLINK, 0, 0, 0, 1, "Ethernet0",
                attribute(IFLA_MTU, u32(1500)), attribute(999, new byte[] {1, 2, 3}), attribute(IFLA_MTU, u32(9000)),
                attribute(IFLA_LINKINFO, concat(attribute(2, new byte[8]), attribute(IFLA_INFO_KIND, string("tun"))))));

        assertThat(event.mtu()).isEqualTo(9000);
        assertThat(event.kind()).isEqualTo("tun");
    }

    @Test
    void dumpEntriesCarryTheirSequenceAndNotificationsZero() {
        ParsedDatagram parsed = parse(concat(
                link(RTM_NEWLINK, NLM_F_MULTI, 77, 0, 1, "lo"),
                link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0"),
                link(RTM_NEWLINK, NLM_F_MULTI | NLM_F_DUMP_INTR, 77, 0, 3, "Ethernet4"),
                message(NLMSG_DONE, NLM_F_MULTI, 77, u32(0))));

        assertThat(parsed.errors()).isZero();
        assertThat(parsed.messages()).hasSize(4);
        NetlinkMessage.Link first = (NetlinkMessage.Link) parsed.messages().get(0);
        NetlinkMessage.Link second = (NetlinkMessage.Link) parsed.messages().get(1);
        NetlinkMessage.Link third = (NetlinkMessage.Link) parsed.messages().get(2);
        assertThat(first.event().dumpSequence()).isEqualTo(77);
        assertThat(first.dumpInterrupted()).isFalse();
        assertThat(second.event().dumpSequence()).isZero();
        assertThat(third.dumpInterrupted()).isTrue();
        assertThat(parsed.messages().get(3)).isEqualTo(new NetlinkMessage.Done(77, NLM_F_MULTI, 0));
    }

    @Test
    void doneWithoutStatusAndDoneWithAnError() {
        ParsedDatagram parsed = parse(concat(message(NLMSG_DONE, 0, 5, new byte[0]),
                message(NLMSG_DONE, NLM_F_DUMP_INTR, 6, u32(-16))));

        assertThat(parsed.messages()).containsExactly(new NetlinkMessage.Done(5, 0, 0),
                new NetlinkMessage.Done(6, NLM_F_DUMP_INTR, -16));
        assertThat(((NetlinkMessage.Done) parsed.messages().get(1)).dumpInterrupted()).isTrue();
    }

    @Test
    void errorMessagesCarryThePositiveErrnoAndZeroForAnAck() {
        byte[] request = message(RTM_NEWLINK, 5, 9, ifinfo(0, 4, 0, 1));
        ParsedDatagram parsed = parse(concat(message(NLMSG_ERROR, 0, 9, concat(u32(-19), request)),
                message(NLMSG_ERROR, 0x100, 10, concat(u32(0), request))));

        assertThat(parsed.messages()).containsExactly(new NetlinkMessage.Error(9, 19), new NetlinkMessage.Error(10, 0));
    }

    @Test
    void anErrorMessageTooShortForItsCodeIsRejected() {
        ParsedDatagram parsed = parse(message(NLMSG_ERROR, 0, 1, new byte[] {1, 2}));

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.errors()).isEqualTo(1);
    }

    @Test
    void otherMessageTypesAreIgnoredNotErrors() {
        ParsedDatagram parsed = parse(concat(message(Rtnetlink.NLMSG_NOOP, 0, 0, new byte[0]),
                message(20, 0, 0, new byte[12]), link(RTM_NEWLINK, 0, 0, 0, 1, "Ethernet0")));

        assertThat(parsed.ignored()).isEqualTo(2);
        assertThat(parsed.errors()).isZero();
        assertThat(parsed.messages()).hasSize(1);
    }

    @Test
    void aLinkMessageWithoutNameIsRejectedAsLibnlDoes() {
        ParsedDatagram parsed = parse(message(RTM_NEWLINK, 0, 0, concat(ifinfo(0, 2, 0, 0),
                attribute(IFLA_MTU, u32(1500)))));

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.errors()).isEqualTo(1);
    }

    @Test
    void malformedAttributesRejectOnlyTheirMessage() {
        byte[][] bad = {
            // name not NUL-terminated
            message(RTM_NEWLINK, 0, 0, concat(ifinfo(0, 2, 0, 0), attribute(IFLA_IFNAME, new byte[] {'E', 't'}))),
            // name longer than IFNAMSIZ
            message(RTM_NEWLINK, 0, 0, concat(ifinfo(0, 2, 0, 0),
                    attribute(IFLA_IFNAME, string("Ethernet0123456789")))),
            // empty name
            message(RTM_NEWLINK, 0, 0, concat(ifinfo(0, 2, 0, 0), attribute(IFLA_IFNAME, string("")))),
            // MTU, master, operstate, carrier too short
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_MTU, new byte[] {1, 2})),
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_MASTER, new byte[] {1})),
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_OPERSTATE, new byte[0])),
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_CARRIER, new byte[0])),
            // address longer than MAX_ADDR_LEN
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_ADDRESS, new byte[33])),
            // kind not NUL-terminated, nested attribute overrunning its parent
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0",
                    attribute(IFLA_LINKINFO, attribute(IFLA_INFO_KIND, new byte[] {'v', 'e'}))),
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_LINKINFO, new byte[] {40, 0, 1, 0})),
            // attribute length below the header size, and beyond the message
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", new byte[] {2, 0, 4, 0}),
            link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", new byte[] {(byte) 200, 0, 4, 0}),
            // ifinfomsg cut short
            message(RTM_NEWLINK, 0, 0, new byte[12]),
        };
        byte[] good = link(RTM_NEWLINK, 0, 0, 0, 9, "Ethernet8");
        for (byte[] message : bad) {
            ParsedDatagram parsed = parse(concat(message, good));

            assertThat(parsed.errors()).as(Arrays.toString(message)).isEqualTo(1);
            assertThat(parsed.messages()).as(Arrays.toString(message)).hasSize(1);
            assertThat(((NetlinkMessage.Link) parsed.messages().get(0)).event().name()).isEqualTo("Ethernet8");
        }
    }

    @Test
    void aBadMessageLengthEndsTheDatagram() {
        byte[] good = link(RTM_NEWLINK, 0, 0, 0, 9, "Ethernet8");
        byte[] tooShort = good.clone();
        ByteBuffer.wrap(tooShort).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 8);
        byte[] tooLong = good.clone();
        ByteBuffer.wrap(tooLong).order(java.nio.ByteOrder.nativeOrder()).putInt(0, Integer.MAX_VALUE);
        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).order(java.nio.ByteOrder.nativeOrder()).putInt(0, -16);

        for (byte[] broken : new byte[][] {tooShort, tooLong, negative}) {
            ParsedDatagram parsed = parse(concat(good, broken, good));
            assertThat(parsed.messages()).hasSize(1);
            assertThat(parsed.errors()).isEqualTo(1);
        }
    }

    @Test
    void trailingBytesTooShortForAHeaderAreAnError() {
        ParsedDatagram parsed = parse(concat(link(RTM_NEWLINK, 0, 0, 0, 9, "Ethernet8"), new byte[7]));

        assertThat(parsed.messages()).hasSize(1);
        assertThat(parsed.errors()).isEqualTo(1);
    }

    @Test
    void emptyInputYieldsNothing() {
        ParsedDatagram parsed = parse(new byte[0]);

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.errors()).isZero();
    }

    @Test
    void onlyTheBytesBetweenPositionAndLimitAreRead() {
        byte[] message = link(RTM_NEWLINK, 0, 0, 0, 9, "Ethernet8");
        byte[] framed = concat(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, message, new byte[] {1, 2, 3});
        ByteBuffer buffer = ByteBuffer.wrap(framed, 3, message.length);

        ParsedDatagram parsed = NetlinkParser.parse(buffer, 1L);

        assertThat(parsed.errors()).isZero();
        assertThat(parsed.messages()).hasSize(1);
        assertThat(buffer.position()).isEqualTo(3);
    }

    @Test
    void namesThatAreNotUtf8AreKeptReadable() {
        LinkEvent event = onlyEvent(message(RTM_NEWLINK, 0, 0, concat(ifinfo(0, 2, 0, 0),
                attribute(IFLA_IFNAME, new byte[] {'E', (byte) 0xff, 'x', 0}))));

        assertThat(event.name()).hasSize(3).startsWith("E").endsWith("x");
    }

    @Test
    void anEmptyAddressIsPresentButEmpty() {
        assertThat(onlyEvent(link(RTM_NEWLINK, 0, 0, 0, 2, "Ethernet0", attribute(IFLA_ADDRESS, new byte[0])))
                .address()).isEmpty();
    }
}
