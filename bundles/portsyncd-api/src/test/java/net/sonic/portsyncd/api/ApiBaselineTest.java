package net.sonic.portsyncd.api;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.Baseline.BundleInfo;
import aQute.bnd.differ.Baseline.Info;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Semantic versioning of the exported API packages, checked by bnd's baselining (the engine of
 * bnd-baseline-maven-plugin): the bundle as built here is compared with the last released API bundle, recorded in
 * {@code src/test/baseline/}. That is the bundle of release 1.0.0, built from the API this release ships; each release
 * replaces it with its own (docs/architecture.md, "Bundles and the one direction data flows").
 *
 * <p>An exported package whose API changed needs the {@code @Version} in its {@code package-info.java} raised as far as
 * bnd suggests: the minor for an addition, the major for anything that breaks an importer (a removal, a changed
 * signature, a method added to an interface that is not {@code @ProviderType}). A package importing
 * {@code [1.2,2)} then never wires to an API it cannot use.
 *
 * <p>The bundle is {@code target/classes}: the bnd-maven-plugin writes the bundle's manifest there at process-classes
 * (this module's {@code manifest-for-baseline} execution), so the test sees the Export-Package the jar will carry.
 */
class ApiBaselineTest {

    private static final Path BUNDLE = Path.of("target", "classes");
    private static final Path BASELINE_DIRECTORY = Path.of("src", "test", "baseline");

    private static List<Info> packages;
    private static BundleInfo bundle;

    @BeforeAll
    static void baselineTheBundleAsBuiltAgainstTheReleasedOne() throws Exception {
        assertThat(BUNDLE.resolve("META-INF/MANIFEST.MF"))
                .as("the bundle's manifest, written by the bnd-maven-plugin at process-classes: run this test "
                        + "through Maven (mvn test -pl bundles/portsyncd-api)")
                .isRegularFile();
        try (Processor reporter = new Processor();
                Jar built = new Jar(BUNDLE.toFile());
                Jar released = new Jar(releasedBundle().toFile())) {
            Baseline baseline = new Baseline(reporter, new DiffPluginImpl());
            packages = baseline.baseline(built, released, null).stream()
                    .sorted(Comparator.comparing(info -> info.packageName)).collect(Collectors.toList());
            bundle = baseline.getBundleInfo();
            assertThat(packages).as("the exported packages baselined").isNotEmpty();
            assertThat(reporter.getErrors()).as("bnd's errors while baselining").isEmpty();
        }
    }

    @Test
    void everyExportedPackageIsVersionedForItsChangesSinceTheRelease() {
        List<String> problems = packages.stream().map(ApiBaselineTest::problem).filter(problem -> !problem.isEmpty())
                .collect(Collectors.toList());

        assertThat(problems).withFailMessage("exported API packages whose version does not follow their changes "
                + "since %s %s (src/test/baseline):%n%s", bundle.bsn, bundle.olderVersion, String.join("\n", problems))
                .isEmpty();
    }

    /**
     * The Bundle-Version is the reactor's version and moves only at a release, so while it equals the baseline's the
     * package versions carry the changes. Once a release raises it, it must be at least what bnd suggests for the
     * largest change of any package (the major for a breaking change).
     */
    @Test
    void aReleasedBundleVersionIsRaisedAsFarAsItsLargestApiChange() {
        Version built = bundle.newerVersion.getWithoutQualifier();
        Version released = bundle.olderVersion.getWithoutQualifier();

        if (!built.equals(released)) {
            assertThat(built).withFailMessage("Bundle-Version %s against the baseline's %s: its API changes need at "
                    + "least %s%s", built, released, bundle.suggestedVersion, indent(bundle.reason))
                    .isGreaterThanOrEqualTo(bundle.suggestedVersion);
        }
    }

    private static Path releasedBundle() throws IOException {
        try (Stream<Path> files = Files.list(BASELINE_DIRECTORY)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .collect(Collectors.toList());
            assertThat(jars).as("the released API bundle in %s", BASELINE_DIRECTORY).hasSize(1);
            return jars.get(0);
        }
    }

    /** What is wrong with one package's version, with the changes bnd found; empty when nothing is. */
    private static String problem(Info info) {
        Delta change = info.packageDiff.getDelta();
        String reason;
        if (change == Delta.REMOVED && bundle.newerVersion.getMajor() == bundle.olderVersion.getMajor()) {
            reason = "no longer exported: its importers break, which only a major release of the bundle may do";
        } else if (info.mismatch) {
            reason = String.format("@Version(\"%s\") but its %s change needs at least %s", info.newerVersion, change,
                    info.suggestedVersion);
        } else if (change != Delta.ADDED && change != Delta.REMOVED
                && info.newerVersion.compareTo(info.olderVersion) < 0) {
            reason = String.format("@Version(\"%s\") is below the released %s", info.newerVersion, info.olderVersion);
        } else {
            return "";
        }
        return String.format("  %s (released %s): %s", info.packageName, info.olderVersion, reason)
                + indent(info.reason);
    }

    /** bnd's root causes of a change ("+ /package/Type/member()"), one per line under the line they explain. */
    private static String indent(String changes) {
        if (changes == null) {
            return "";
        }
        return changes.lines().map(line -> "\n      " + line).collect(Collectors.joining());
    }
}
