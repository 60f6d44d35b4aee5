package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Optional;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * Decides whether a saved port state proves a hot swap: the previous instance of the engine stopped cleanly in
 * this kernel boot, a moment ago. Anything else (a crash, a reboot, an old file) must start cold.
 */
final class HotSwapCheck {

    /** @param reason why, phrased to follow "hot swap: " or "no hot swap: " */
    record Verdict(boolean hotSwap, String reason) {
    }

    private HotSwapCheck() {
    }

    static Verdict evaluate(Optional<PortStateSnapshot> saved, String runningBootId, long nowMillis,
            Duration maxAge) {
        if (maxAge.isZero()) {
            return new Verdict(false, "hot-swap detection is disabled (" + SettingsResolver.HOT_SWAP_MAX_AGE_KEY
                    + "=0)");
        }
        if (saved.isEmpty()) {
            return new Verdict(false, "no valid state file");
        }
        if (runningBootId == null || runningBootId.isBlank()) {
            return new Verdict(false, "the running kernel's boot id is unknown");
        }
        PortStateSnapshot snapshot = saved.get();
        if (!snapshot.cleanShutdown()) {
            return new Verdict(false, "the state file was not written by a clean shutdown");
        }
        if (!runningBootId.equals(snapshot.bootId())) {
            return new Verdict(false, "the state file is from another kernel boot (" + snapshot.bootId()
                    + ", running " + runningBootId + ")");
        }
        long ageMillis = nowMillis - snapshot.savedAtMillis();
        if (ageMillis < 0) {
            return new Verdict(false, "the state file is dated " + -ageMillis + " ms in the future");
        }
        if (ageMillis > maxAge.toMillis()) {
            return new Verdict(false, "the state file is " + ageMillis + " ms old, older than the "
                    + maxAge.toMillis() + " ms limit");
        }
        return new Verdict(true, "clean state file of this kernel boot, saved " + ageMillis + " ms ago");
    }
}
