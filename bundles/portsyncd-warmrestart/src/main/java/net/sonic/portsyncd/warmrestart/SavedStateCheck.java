package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Optional;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * Decides whether a saved port state may seed a resume: the previous engine stopped cleanly in this kernel boot, a
 * moment ago. It only ever saves work (the ports it knew are checked for removal without a STATE_DB scan hit);
 * whether a start resumes or starts cold is decided by APPL_DB, never by this file.
 */
final class SavedStateCheck {

    /** @param reason why, phrased to follow "state file used: " or "state file not used: " */
    record Verdict(boolean usable, String reason) {
        String describe() {
            return (usable ? "state file used: " : "state file not used: ") + reason;
        }
    }

    private SavedStateCheck() {
    }

    static Verdict evaluate(Optional<PortStateSnapshot> saved, String runningBootId, long nowMillis,
            Duration maxAge) {
        if (maxAge.isZero()) {
            return new Verdict(false, "disabled (" + SettingsResolver.HOT_SWAP_MAX_AGE_KEY + "=0)");
        }
        if (saved.isEmpty()) {
            return new Verdict(false, "no valid state file");
        }
        if (runningBootId == null || runningBootId.isBlank()) {
            return new Verdict(false, "the running kernel's boot id is unknown");
        }
        PortStateSnapshot snapshot = saved.get();
        if (!snapshot.cleanShutdown()) {
            return new Verdict(false, "it was not written by a clean shutdown");
        }
        if (!runningBootId.equals(snapshot.bootId())) {
            return new Verdict(false, "it is from another kernel boot (" + snapshot.bootId() + ", running "
                    + runningBootId + ")");
        }
        long ageMillis = nowMillis - snapshot.savedAtMillis();
        if (ageMillis < 0) {
            return new Verdict(false, "it is dated " + -ageMillis + " ms in the future");
        }
        if (ageMillis > maxAge.toMillis()) {
            return new Verdict(false, "it is " + ageMillis + " ms old, older than the " + maxAge.toMillis()
                    + " ms limit");
        }
        return new Verdict(true, "clean state file of this kernel boot, saved " + ageMillis + " ms ago");
    }
}
