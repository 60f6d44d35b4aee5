package net.sonic.portsyncd.api.link;

/** The rtnetlink link message types portsyncd acts on. */
public enum LinkMessageType {
    /** RTM_NEWLINK (16): a link was created or changed, or a dump entry. */
    NEW_LINK(16),
    /** RTM_DELLINK (17): a link was removed (or, for AF_BRIDGE, left its bridge). */
    DEL_LINK(17);

    private final int rtmType;

    LinkMessageType(int rtmType) {
        this.rtmType = rtmType;
    }

    public int rtmType() {
        return rtmType;
    }
}
