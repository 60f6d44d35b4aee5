package net.sonic.portsyncd.api.warm;

/** Why the initial sync ended. */
public enum SyncCompletion {
    /** The netlink end-of-dump of our own dump request (EOIU). */
    EOIU,
    /** The fallback timeout expired first. */
    TIMEOUT,
    /** An operator forced it (JMX or shell). */
    FORCED
}
