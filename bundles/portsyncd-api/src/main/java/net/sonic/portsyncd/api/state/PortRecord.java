package net.sonic.portsyncd.api.state;

/**
 * The last known kernel state of one port.
 *
 * @param name    netdev name, e.g. Ethernet0
 * @param ifindex kernel ifindex
 * @param adminUp IFF_UP
 * @param operUp  IFF_RUNNING
 * @param flags   raw ifi_flags
 * @param mtu     IFLA_MTU
 */
public record PortRecord(String name, int ifindex, boolean adminUp, boolean operUp, int flags, long mtu) {
}
