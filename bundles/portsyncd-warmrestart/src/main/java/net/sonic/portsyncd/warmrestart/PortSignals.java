package net.sonic.portsyncd.warmrestart;

import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;

/**
 * What APPL_DB says about the consumers of an earlier portsyncd's output. SONiC's {@code swss.sh start} flushes
 * APPL_DB on every cold swss start, so a {@code PORT_TABLE:PortConfigDone} still there means orchagent took the
 * port configuration and has not been cold-started since: the host interfaces in the kernel are its own.
 *
 * @param portConfigDoneCount the {@code count} field of PortConfigDone, empty when the key is absent ("" when the
 *                            key exists without that field)
 * @param portInitDone        {@code PORT_TABLE:PortInitDone} exists
 */
record PortSignals(Optional<String> portConfigDoneCount, boolean portInitDone) {
    static final String PORT_TABLE = "PORT_TABLE";
    static final String PORT_CONFIG_DONE = "PortConfigDone";
    static final String PORT_INIT_DONE = "PortInitDone";

    /** @throws net.sonic.portsyncd.api.db.DbException when APPL_DB cannot be read: no start mode is guessed */
    static PortSignals read(SonicDb db) {
        try (DbConnection appl = db.connect(SonicDb.APPL_DB)) {
            Map<String, String> configDone = appl.hgetall(appl.info().key(PORT_TABLE, PORT_CONFIG_DONE));
            boolean initDone = appl.exists(appl.info().key(PORT_TABLE, PORT_INIT_DONE));
            return new PortSignals(configDone.isEmpty() ? Optional.empty()
                    : Optional.of(configDone.getOrDefault("count", "")), initDone);
        }
    }

    boolean consumersAlive() {
        return portConfigDoneCount.isPresent();
    }

    /** The evidence, phrased to follow "resume: " or "cold: ". */
    String describe() {
        return portConfigDoneCount
                .map(count -> "APPL_DB holds " + PORT_TABLE + ":" + PORT_CONFIG_DONE + " (count=" + count
                        + "), so swss has not been cold-started since it was written" + (portInitDone
                                ? " and " + PORT_TABLE + ":" + PORT_INIT_DONE + " is there too" : ""))
                .orElse("APPL_DB has no " + PORT_TABLE + ":" + PORT_CONFIG_DONE
                        + " (swss started cold and flushed it, or no portsyncd ever wrote it)");
    }
}
