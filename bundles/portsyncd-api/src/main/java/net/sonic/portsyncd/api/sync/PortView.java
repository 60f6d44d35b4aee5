package net.sonic.portsyncd.api.sync;

/**
 * A port as the sync engine last saw it in the kernel.
 *
 * @param lastChangeMillis wall-clock time of the last message that changed it
 */
public record PortView(String name, int ifindex, boolean adminUp, boolean operUp, long mtu, long lastChangeMillis) {
}
