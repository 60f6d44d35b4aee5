package net.sonic.portsyncd.netlink;

import java.util.List;

/**
 * What the parser made of one datagram.
 *
 * @param messages the messages it understood, in order
 * @param errors   malformed messages, attributes or framing it rejected
 * @param ignored  well-formed messages of types the capture does not handle
 */
public record ParsedDatagram(List<NetlinkMessage> messages, int errors, int ignored) {
}
