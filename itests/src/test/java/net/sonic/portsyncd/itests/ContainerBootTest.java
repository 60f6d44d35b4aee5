package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The assembly boots with every portsyncd bundle active, every component satisfied, and Redis reachable. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerBootTest {

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options();
    }

    @Test
    public void everyPortsyncdBundleIsActive() {
        List<Bundle> ours = ourBundles();
        assertTrue("expected all portsyncd bundles, found " + names(ours), ours.size() >= 8);
        for (Bundle bundle : ours) {
            assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void everyPortsyncdComponentIsSatisfied() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String unsatisfied;
        do {
            unsatisfied = unsatisfiedComponents();
            if (unsatisfied.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertEquals("components not active", "", unsatisfied);
        assertFalse(scr.getComponentDescriptionDTOs(ourBundles().toArray(new Bundle[0])).isEmpty());
    }

    @Test
    public void sonicDbServiceTalksToTheTestsRedis() throws InterruptedException {
        SonicDb sonicDb = Services.await(context, SonicDb.class);
        try (DbConnection state = sonicDb.connect(SonicDb.STATE_DB)) {
            state.hset("ITEST|probe", Map.of("written", "from-karaf"));
            assertEquals("from-karaf", state.hget("ITEST|probe", "written").orElse(null));
            assertEquals(6, state.info().id());
            state.del("ITEST|probe");
        }
    }

    private String unsatisfiedComponents() {
        StringBuilder problems = new StringBuilder();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(ourBundles().toArray(new Bundle[0]))) {
            if (!scr.isComponentEnabled(description)) {
                problems.append(description.name).append(" disabled; ");
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.append(description.name).append(" state ").append(configuration.state)
                            .append(" unsatisfied refs ")
                            .append(Arrays.stream(configuration.unsatisfiedReferences).map(r -> r.name)
                                    .collect(Collectors.joining(",")))
                            .append("; ");
                }
            }
        }
        return problems.toString();
    }

    private List<Bundle> ourBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("portsyncd-"))
                .collect(Collectors.toList());
    }

    private static String names(List<Bundle> bundles) {
        return bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", "));
    }
}
