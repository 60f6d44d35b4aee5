package net.sonic.portsyncd.netlink;

/**
 * The descriptors a capture holds in its namespace while attached: the capture socket and the link request
 * socket. They are what keeps a deleted namespace alive, so closing them releases it.
 *
 * @param identity the namespace they were opened in; null for the process's own namespace, which is not watched
 */
record Attachment(NetlinkSocket socket, LinkRequestSocket requests, int receiveBufferBytes,
        NamespaceIdentity identity) implements AutoCloseable {

    /**
     * Opens both sockets in the configured namespace, on the short-lived thread that {@link NetworkNamespace}
     * enters it with, and notes which namespace that thread was in.
     */
    static Attachment open(CaptureSettings settings) throws NetlinkSocketException {
        boolean watched = !settings.netns().isEmpty();
        return NetworkNamespace.openInside(settings.netns(), () -> {
            NetlinkSocket socket = NetlinkSocket.open(0);
            try {
                int receiveBuffer = socket.setReceiveBuffer(settings.receiveBufferBytes());
                socket.joinGroup(Rtnetlink.RTNLGRP_LINK);
                NamespaceIdentity identity = watched ? NamespaceIdentity.ofCallingThread() : null;
                return new Attachment(socket, LinkRequestSocket.open(), receiveBuffer, identity);
            } catch (NetlinkSocketException | RuntimeException e) {
                socket.close();
                throw e;
            }
        });
    }

    int portId() {
        return socket.portId();
    }

    /** Capture thread only: closes both sockets (a link request in progress finishes first). */
    @Override
    public void close() {
        socket.close();
        requests.close();
    }
}
