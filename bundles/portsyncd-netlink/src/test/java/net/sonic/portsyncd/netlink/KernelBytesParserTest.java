package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.testkit.NetNs;
import org.junit.jupiter.api.Test;

/** The parser on bytes the kernel really sent, captured by the test from a namespace of its own. */
class KernelBytesParserTest {

    private static List<NetlinkMessage> parseAll(List<byte[]> datagrams) {
        List<NetlinkMessage> messages = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            ParsedDatagram parsed = NetlinkParser.parse(ByteBuffer.wrap(datagram), 0);
            assertThat(parsed.errors()).as("errors in a kernel datagram").isZero();
            messages.addAll(parsed.messages());
        }
        return messages;
    }

    @Test
    void realDumpAndNotificationBytesParseCompletely() {
        try (NetNs ns = NetNs.create("nlbytes")) {
            ns.addTap("Ethernet0");
            ns.addVeth("veth0", "veth1");
            ns.addBridge("Bridge");
            ns.ip("link", "set", "veth0", "master", "Bridge");
            int bridge = ns.ifindex("Bridge");

            KernelDatagrams kernel = KernelDatagrams.capture(ns, () -> {
                ns.ip("link", "set", "Ethernet0", "mtu", "9100");
                ns.ip("link", "set", "veth0", "nomaster");
            }, m -> m instanceof NetlinkMessage.Link link && link.event().family() == LinkEvent.AF_BRIDGE
                    && link.event().type() == LinkMessageType.DEL_LINK);

            List<NetlinkMessage> dump = parseAll(kernel.dump);
            assertThat(dump.get(dump.size() - 1)).isInstanceOf(NetlinkMessage.Done.class)
                    .extracting(NetlinkMessage::sequence).isEqualTo(kernel.dumpSequence);
            List<LinkEvent> entries = dump.stream().filter(NetlinkMessage.Link.class::isInstance)
                    .map(m -> ((NetlinkMessage.Link) m).event()).collect(Collectors.toList());
            assertThat(entries).extracting(LinkEvent::name).containsExactlyInAnyOrder("lo", "Ethernet0", "veth0",
                    "veth1", "Bridge");
            assertThat(entries).allMatch(e -> e.dumpSequence() == kernel.dumpSequence && e.mtu() > 0
                    && e.address() != null && e.operState() >= 0 && e.carrier() >= 0);
            assertThat(entries).filteredOn(e -> e.name().equals("veth0")).singleElement()
                    .matches(e -> e.master() == bridge && "veth".equals(e.kind()));
            assertThat(entries).filteredOn(e -> e.name().equals("Bridge")).singleElement()
                    .matches(e -> "bridge".equals(e.kind()));

            List<LinkEvent> notifications = parseAll(kernel.notifications).stream()
                    .filter(NetlinkMessage.Link.class::isInstance).map(m -> ((NetlinkMessage.Link) m).event())
                    .collect(Collectors.toList());
            assertThat(notifications).anyMatch(e -> e.name().equals("Ethernet0") && e.mtu() == 9100
                    && !e.isDumpEntry());
            assertThat(notifications).anyMatch(e -> e.name().equals("veth0") && e.family() == LinkEvent.AF_BRIDGE
                    && e.type() == LinkMessageType.DEL_LINK && e.master() == bridge);
        }
    }
}
