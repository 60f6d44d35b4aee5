package net.sonic.portsyncd.netlink;

/** Wire constants of netlink and rtnetlink (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h). */
public final class Rtnetlink {
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLA_HDRLEN = 4;
    public static final int IFINFOMSG_LEN = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;

    /** rtnetlink multicast group of link changes (RTMGRP_LINK is its bit, 1 << (group - 1)). */
    public static final int RTNLGRP_LINK = 1;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_INFO_KIND = 1;

    /** Masks NLA_F_NESTED and NLA_F_NET_BYTEORDER out of nla_type. */
    public static final int NLA_TYPE_MASK = 0x3fff;
    /** IFNAMSIZ: the longest IFLA_IFNAME payload, terminating NUL included. */
    public static final int IFNAMSIZ = 16;
    /** MAX_ADDR_LEN: the longest link-layer address. */
    public static final int MAX_ADDR_LEN = 32;

    private Rtnetlink() {
    }

    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
