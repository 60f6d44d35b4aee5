package net.sonic.portsyncd.sonicdb;

import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.Table;
import net.sonic.portsyncd.api.db.WarmStart;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * swss-common's WarmStart (common/warm_restart.cpp) on STATE_DB. The connection is shared, so every operation
 * holds its monitor.
 */
final class RedisWarmStart implements WarmStart {
    private static final Logger LOG = LoggerFactory.getLogger(RedisWarmStart.class);
    static final String ENABLE_TABLE = "WARM_RESTART_ENABLE_TABLE";
    static final String RESTART_TABLE = "WARM_RESTART_TABLE";
    /** restore_count is a uint32_t in swss-common; incrementing it wraps like there. */
    private static final long UINT32_MASK = 0xFFFF_FFFFL;

    private final DbConnection stateDb;
    private final Table enableTable;
    private final Table restartTable;

    RedisWarmStart(DbConnection stateDb) {
        this.stateDb = stateDb;
        this.enableTable = stateDb.table(ENABLE_TABLE);
        this.restartTable = stateDb.table(RESTART_TABLE);
    }

    @Override
    public WarmStartCheck checkWarmStart(String app, String docker) {
        synchronized (stateDb) {
            boolean system = "true".equals(enableTable.hget("system", "enable").orElse(""));
            boolean dockerEnabled = "true".equals(enableTable.hget(docker, "enable").orElse(""));
            if (!system && !dockerEnabled) {
                writeRestoreCount(app, 0);
                return new WarmStartCheck(false, false, false, 0, "cold start: warm restart is not enabled for"
                        + " system or " + docker);
            }
            Optional<String> stored = restartTable.hget(app, "restore_count").filter(v -> !v.isEmpty());
            if (stored.isEmpty()) {
                LOG.warn("{} doing warm start, but restore_count not found in stateDB {} table, fall back to cold start",
                        app, RESTART_TABLE);
                writeRestoreCount(app, 0);
                return new WarmStartCheck(false, system, dockerEnabled, 0,
                        "cold start: warm restart enabled but " + RESTART_TABLE + "|" + app
                                + " has no restore_count (database was flushed)");
            }
            Optional<Long> previous = parseUnsigned(stored.get());
            if (previous.isEmpty()) {
                LOG.warn("{} doing warm start, but restore_count \"{}\" in stateDB {} table is not a number,"
                        + " fall back to cold start", app, stored.get(), RESTART_TABLE);
                writeRestoreCount(app, 0);
                return new WarmStartCheck(false, system, dockerEnabled, 0,
                        "cold start: warm restart enabled but restore_count \"" + stored.get()
                                + "\" is not a number");
            }
            long count = (previous.get() + 1) & UINT32_MASK;
            writeRestoreCount(app, count);
            LOG.info("{} doing warm start, restore count {}", app, count);
            return new WarmStartCheck(true, system, dockerEnabled, count,
                    "warm start: enabled by " + (system ? "system" : docker) + ", restore_count " + count);
        }
    }

    @Override
    public void setWarmStartState(String app, WarmStartState state) {
        synchronized (stateDb) {
            restartTable.set(app, Map.of("state", state.wireName()));
        }
        LOG.info("{} warm start state changed to {}", app, state.wireName());
    }

    private void writeRestoreCount(String app, long count) {
        restartTable.set(app, Map.of("restore_count", Long.toString(count)));
    }

    /** Like stoul: leading decimal digits (after optional blanks); anything else is not a count. */
    static Optional<Long> parseUnsigned(String text) {
        String s = text.strip();
        int end = 0;
        while (end < s.length() && end < 19 && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s.substring(0, end)) & UINT32_MASK);
    }
}
