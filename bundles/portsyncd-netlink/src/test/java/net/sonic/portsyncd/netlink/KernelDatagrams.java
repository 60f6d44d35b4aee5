package net.sonic.portsyncd.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import net.sonic.portsyncd.testkit.NetNs;

/**
 * Real datagrams from the kernel: a raw RTM_GETLINK dump of a namespace, and the notifications that a set of
 * changes produces there. Kept as bytes, exactly as read from the socket.
 */
final class KernelDatagrams {
    private static final long DEADLINE_NANOS = 10_000_000_000L;

    final List<byte[]> dump;
    final int dumpSequence;
    final List<byte[]> notifications;

    private KernelDatagrams(List<byte[]> dump, int dumpSequence, List<byte[]> notifications) {
        this.dump = dump;
        this.dumpSequence = dumpSequence;
        this.notifications = notifications;
    }

    /**
     * Dumps the namespace, then runs the changes and reads notifications until one satisfies {@code last}.
     */
    static KernelDatagrams capture(NetNs ns, Runnable changes, Predicate<NetlinkMessage> last) {
        return InNamespace.call(ns.name(), () -> {
            try (NetlinkSocket socket = NetlinkSocket.open(0)) {
                socket.setReceiveBuffer(CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES);
                socket.joinGroup(Rtnetlink.RTNLGRP_LINK);
                Poller poller = new Poller(socket.fd());
                int sequence = 4711;
                socket.send(NetlinkRequests.linkDump(sequence), 0);
                List<byte[]> dump = readUntil(socket, poller,
                        m -> m instanceof NetlinkMessage.Done done && done.sequence() == sequence);
                changes.run();
                List<byte[]> notifications = readUntil(socket, poller, last);
                return new KernelDatagrams(dump, sequence, notifications);
            }
        });
    }

    private static List<byte[]> readUntil(NetlinkSocket socket, Poller poller, Predicate<NetlinkMessage> end)
            throws NetlinkSocketException {
        List<byte[]> datagrams = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() - deadline < 0) {
            poller.await(100);
            ByteBuffer datagram;
            while ((datagram = socket.receive()) != null) {
                byte[] bytes = new byte[datagram.remaining()];
                datagram.get(bytes);
                datagrams.add(bytes);
                if (NetlinkParser.parse(ByteBuffer.wrap(bytes), 0).messages().stream().anyMatch(end)) {
                    return datagrams;
                }
            }
        }
        List<NetlinkMessage> seen = new ArrayList<>();
        datagrams.forEach(d -> seen.addAll(NetlinkParser.parse(ByteBuffer.wrap(d), 0).messages()));
        throw new AssertionError("the kernel did not send the expected message within 10 s; got " + seen);
    }

    /** Every datagram split into single messages, each a small datagram of its own. */
    List<byte[]> singleMessages() {
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> all = new ArrayList<>(dump);
        all.addAll(notifications);
        for (byte[] datagram : all) {
            ByteBuffer buffer = ByteBuffer.wrap(datagram).order(java.nio.ByteOrder.nativeOrder());
            int position = 0;
            while (datagram.length - position >= Rtnetlink.NLMSG_HDRLEN) {
                int length = Rtnetlink.align(buffer.getInt(position));
                byte[] message = new byte[Math.min(length, datagram.length - position)];
                System.arraycopy(datagram, position, message, 0, message.length);
                messages.add(message);
                position += message.length;
            }
        }
        return messages;
    }
}
