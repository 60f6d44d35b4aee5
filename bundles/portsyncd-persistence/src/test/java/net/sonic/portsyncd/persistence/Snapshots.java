package net.sonic.portsyncd.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/** Snapshots shaped like a SONiC switch: Ethernet0, Ethernet4, ... */
final class Snapshots {
    static final String BOOT_ID = "0546e873-e542-4dd1-b81b-8de7905b88d4";

    private Snapshots() {
    }

    static PortStateSnapshot ports(int count, long savedAtMillis) {
        Map<String, PortRecord> ports = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = "Ethernet" + (i * 4);
            boolean up = i % 3 != 0;
            ports.put(name, new PortRecord(name, 100 + i, up, up && i % 2 == 0, up ? 0x11043 : 0x1002, 9100));
        }
        return new PortStateSnapshot(savedAtMillis, BOOT_ID, false, true, ports);
    }

    static PortStateSnapshot withPort(PortRecord port) {
        return new PortStateSnapshot(1_700_000_000_000L, BOOT_ID, true, true, Map.of(port.name(), port));
    }
}
