package net.sonic.portsyncd.metrics.wiring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Reads how portsyncd's bundles are wired to each other. An update without a refresh leaves the replaced revision
 * of the updated bundle in use by every bundle wired to it ("removal pending"); bundles resolved afterwards (an
 * update of another bundle) are wired to the new revision, and the two sides no longer see each other's services.
 * Uninstalled bundles are left alone: refreshing them would take portsyncd down rather than heal it.
 */
final class WiringInspection {
    /** Symbolic names of portsyncd's bundles (the Maven artifact ids). */
    static final String OUR_PREFIX = "portsyncd-";

    private WiringInspection() {
    }

    static boolean ours(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && name.startsWith(OUR_PREFIX);
    }

    static Optional<WiringProblem> inspect(Bundle[] installed, Collection<Bundle> removalPending) {
        Set<Bundle> refresh = new TreeSet<>(Comparator.comparingLong(Bundle::getBundleId));
        List<Bundle> updated = new ArrayList<>();
        for (Bundle bundle : removalPending) {
            if (ours(bundle) && bundle.getState() != Bundle.UNINSTALLED) {
                updated.add(bundle);
                refresh.add(bundle);
            }
        }
        List<Bundle> onReplacedRevision = new ArrayList<>();
        Map<String, Set<BundleRevision>> providers = new TreeMap<>();
        for (Bundle bundle : installed) {
            BundleWiring wiring = ours(bundle) ? bundle.adapt(BundleWiring.class) : null;
            // a wiring a refresh is replacing is no longer in use: it answers null
            List<BundleWire> wires = wiring == null ? null : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
            if (wires == null) {
                continue;
            }
            for (BundleWire wire : wires) {
                BundleRevision provider = wire.getProvider();
                Bundle providerBundle = provider.getBundle();
                if (!ours(providerBundle)) {
                    continue;
                }
                String pkg = String.valueOf(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
                providers.computeIfAbsent(pkg, p -> new HashSet<>()).add(provider);
                if (providerBundle.getState() != Bundle.UNINSTALLED
                        && providerBundle.adapt(BundleRevision.class) != provider && !onReplacedRevision.contains(bundle)) {
                    onReplacedRevision.add(bundle);
                    refresh.add(bundle);
                }
            }
        }
        if (refresh.isEmpty()) {
            return Optional.empty();
        }
        List<String> split = providers.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toList());
        StringBuilder reason = new StringBuilder();
        if (!updated.isEmpty()) {
            reason.append(WiringProblem.names(updated)).append(" updated without a refresh");
        }
        if (!onReplacedRevision.isEmpty()) {
            reason.append(reason.length() > 0 ? "; " : "").append(WiringProblem.names(onReplacedRevision))
                    .append(" still wired to the replaced revision");
        }
        if (!split.isEmpty()) {
            reason.append("; ").append(String.join(", ", split))
                    .append(" wired from two revisions, so services across them are not assignable");
        }
        return Optional.of(new WiringProblem(List.copyOf(refresh), split, reason.toString()));
    }
}
