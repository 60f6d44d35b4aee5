package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The assembly boots with every portsyncd bundle active, every component satisfied, and Redis reachable. */
@RunWith(ContainerRunner.class)
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

    /** Every bundle the boot features (portsyncd, portsyncd-shell) install; portsyncd-jolokia is offered, not booted. */
    static final List<String> BOOTED_BUNDLES = List.of("portsyncd-api", "portsyncd-sonic-db", "portsyncd-netlink",
            "portsyncd-persistence", "portsyncd-metrics", "portsyncd-warmrestart", "portsyncd-core", "portsyncd-logging",
            "portsyncd-remote", "portsyncd-jmx-guard", "portsyncd-shell");

    @Test
    public void everyPortsyncdBundleIsActive() throws InterruptedException {
        InContainer.until(60_000, () -> notActive().isEmpty(),
                () -> "portsyncd bundles not active: " + notActive() + "; installed: " + ourBundles().stream()
                        .map(b -> b.getSymbolicName() + "=" + b.getState()).collect(Collectors.joining(", ")));
    }

    /** Each of {@link #BOOTED_BUNDLES} that is missing or not ACTIVE. */
    private List<String> notActive() {
        Map<String, Integer> states = ourBundles().stream()
                .collect(Collectors.toMap(Bundle::getSymbolicName, Bundle::getState, (a, b) -> a));
        return BOOTED_BUNDLES.stream().filter(name -> !Integer.valueOf(Bundle.ACTIVE).equals(states.get(name)))
                .collect(Collectors.toList());
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

    /**
     * The whole path inside the container: CONFIG_DB (seeded before boot) reaches APPL_DB with PortConfigDone; the
     * orchagent stand-in pops it and creates the host interfaces; portsyncd writes their STATE_DB rows and PortInitDone;
     * a link change reaches STATE_DB.
     */
    @Test
    public void configReachesApplDbAndLinksReachStateDb() throws Exception {
        SonicDb sonicDb = Services.await(context, SonicDb.class);
        try (OrchagentStandIn orchagent = OrchagentStandIn.creatingAtOnce(sonicDb, InContainer.netns(),
                     OrchagentStandIn.HostInterfaces.TAP).start();
             DbConnection state = sonicDb.connect(SonicDb.STATE_DB)) {
            InContainer.until(60_000, () -> !orchagent.popped("PortConfigDone").isEmpty(),
                    () -> "APPL_DB popped so far: " + orchagent.popped());
            assertEquals(Map.of("count", Integer.toString(ContainerFixture.PORTS.size())),
                    orchagent.popped("PortConfigDone").get(0).fields());
            for (String port : ContainerFixture.PORTS) {
                assertEquals(port + " copied verbatim", "100000", orchagent.popped(port).get(0).fields().get("speed"));
            }
            InContainer.until(30_000, () -> ContainerFixture.PORTS.stream()
                    .allMatch(p -> "ok".equals(state.hget("PORT_TABLE|" + p, "state").orElse(null))),
                    () -> "STATE_DB rows missing");
            InContainer.until(30_000, () -> !orchagent.popped("PortInitDone").isEmpty(), () -> "no PortInitDone");
            assertEquals(Map.of("lanes", "0"), orchagent.popped("PortInitDone").get(0).fields());

            InContainer.ip("link", "set", "Ethernet0", "up");
            InContainer.until(30_000, () -> "up".equals(state.hget("PORT_TABLE|Ethernet0", "admin_status").orElse(null)),
                    () -> "admin_status of Ethernet0 is " + state.hgetall("PORT_TABLE|Ethernet0"));
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
}
