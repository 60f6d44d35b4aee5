package net.sonic.portsyncd.api.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the state file holds.
 *
 * @param savedAtMillis  wall-clock time of the save
 * @param bootId         /proc/sys/kernel/random/boot_id of the kernel the ports were seen in
 * @param cleanShutdown  true when written by a clean deactivation (the hot-swap hand-over)
 * @param portInitDone   PortInitDone was already sent in this boot
 * @param ports          per port name
 */
public record PortStateSnapshot(long savedAtMillis, String bootId, boolean cleanShutdown, boolean portInitDone,
        Map<String, PortRecord> ports) {

    public PortStateSnapshot {
        ports = java.util.Collections.unmodifiableMap(new TreeMap<>(ports));
    }
}
