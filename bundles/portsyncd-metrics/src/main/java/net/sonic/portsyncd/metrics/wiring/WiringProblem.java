package net.sonic.portsyncd.metrics.wiring;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import org.osgi.framework.Bundle;

/**
 * portsyncd bundles whose wiring a refresh would make consistent again.
 *
 * @param refresh      the bundles to refresh: those updated without a refresh and those still wired to the
 *                     revision an update replaced, by bundle id
 * @param splitPackages packages our bundles import from more than one revision: services typed by them are not
 *                     assignable between the two sides, so components across the split stay unsatisfied
 * @param reason       what an operator is told
 */
public record WiringProblem(List<Bundle> refresh, List<String> splitPackages, String reason) {

    /** A split stops the engine; a pending revision that everything still agrees on only threatens to. */
    public AlarmSeverity severity() {
        return splitPackages.isEmpty() ? AlarmSeverity.MINOR : AlarmSeverity.MAJOR;
    }

    public String bundleNames() {
        return names(refresh);
    }

    public Map<String, String> details() {
        return Map.of("bundles", bundleNames(), "splitPackages", String.join(",", splitPackages));
    }

    static String names(List<Bundle> bundles) {
        return bundles.stream().map(b -> b.getSymbolicName() + " [" + b.getBundleId() + "]")
                .collect(Collectors.joining(", "));
    }
}
