package net.sonic.portsyncd.api.link;

/**
 * A snapshot of a capture's counters.
 *
 * @param datagrams        datagrams read from the socket
 * @param messages         netlink messages parsed
 * @param linkEvents       link events delivered to listeners
 * @param parseErrors      malformed messages or attributes rejected by the parser
 * @param overruns         ENOBUFS receive overruns
 * @param resyncs          re-dumps completed after an overrun
 * @param spoofed          messages dropped because their sender was not the kernel
 * @param listenerFailures listener callbacks that threw
 * @param dumps            dumps completed (initial, requested and resync)
 */
public record CaptureStatistics(
        long datagrams,
        long messages,
        long linkEvents,
        long parseErrors,
        long overruns,
        long resyncs,
        long spoofed,
        long listenerFailures,
        long dumps) {
}
