package net.sonic.portsyncd.testkit.fake;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.Table;
import net.sonic.portsyncd.api.db.WarmStart;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;

/**
 * swss-common's WarmStart as {@link WarmStart} specifies it, on the fake STATE_DB: the system flag, then the docker
 * flag of WARM_RESTART_ENABLE_TABLE; a cold start writes restore_count 0; a warm start without a readable
 * restore_count falls back to cold (and writes 0); otherwise restore_count is incremented (a uint32, as there).
 */
final class FakeWarmStart implements WarmStart {
    private static final Pattern LEADING_DIGITS = Pattern.compile("^\\s*(\\d{1,19})");

    private final Table enable;
    private final Table restart;

    FakeWarmStart(DbConnection stateDb) {
        this.enable = stateDb.table("WARM_RESTART_ENABLE_TABLE");
        this.restart = stateDb.table("WARM_RESTART_TABLE");
    }

    @Override
    public synchronized WarmStartCheck checkWarmStart(String app, String docker) {
        boolean system = enabled("system");
        boolean dockerEnabled = enabled(docker);
        if (!system && !dockerEnabled) {
            return cold(app, false, false, "cold start: warm restart is not enabled for system or " + docker);
        }
        Optional<Long> previous = restart.hget(app, "restore_count").flatMap(FakeWarmStart::leadingNumber);
        if (previous.isEmpty()) {
            return cold(app, system, dockerEnabled, "cold start: warm restart enabled but WARM_RESTART_TABLE|" + app
                    + " has no usable restore_count");
        }
        long count = (previous.get() + 1) & 0xFFFF_FFFFL;
        restart.set(app, Map.of("restore_count", Long.toString(count)));
        return new WarmStartCheck(true, system, dockerEnabled, count,
                "warm start: enabled by " + (system ? "system" : docker) + ", restore_count " + count);
    }

    @Override
    public synchronized void setWarmStartState(String app, WarmStartState state) {
        restart.set(app, Map.of("state", state.wireName()));
    }

    private boolean enabled(String name) {
        return "true".equals(enable.hget(name, "enable").orElse(""));
    }

    private WarmStartCheck cold(String app, boolean system, boolean docker, String reason) {
        restart.set(app, Map.of("restore_count", "0"));
        return new WarmStartCheck(false, system, docker, 0, reason);
    }

    /** As stoul reads it: leading decimal digits after blanks. */
    private static Optional<Long> leadingNumber(String text) {
        Matcher digits = LEADING_DIGITS.matcher(text);
        return digits.find() ? Optional.of(Long.parseLong(digits.group(1)) & 0xFFFF_FFFFL) : Optional.empty();
    }
}
