package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.sync.PortView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortsMBeanTest {
    private static final List<PortView> PORTS = List.of(
            new PortView("Ethernet0", 11, true, true, 9100, 1_700_000_000_000L),
            new PortView("Ethernet4", 12, true, false, 1500, 1_700_000_000_500L),
            new PortView("Ethernet8", 13, false, false, 9100, 1_700_000_001_000L));

    private final SimpleSyncEngine engine = new SimpleSyncEngine(PORTS, null);
    private PlatformMBeans mbeans;

    @BeforeEach
    void register() throws JMException {
        mbeans = new PlatformMBeans(new PortsMBeanComponent(engine), Jmx.PORTS);
    }

    @AfterEach
    void unregister() throws JMException {
        mbeans.close();
    }

    @Test
    void portsAreATableIndexedByName() throws JMException {
        Map<String, Object> values = OpenTypeChecks.readAllAttributes(mbeans.server, mbeans.name());

        assertThat(values).containsOnlyKeys("Ports", "PortCount", "Status");
        assertThat(values.get("PortCount")).isEqualTo(3);
        TabularData ports = (TabularData) values.get("Ports");
        assertThat(ports.getTabularType().getIndexNames()).containsExactly("name");
        assertThat(ports.size()).isEqualTo(3);
        CompositeData ethernet4 = ports.get(new Object[] {"Ethernet4"});
        assertThat(ethernet4.get("ifindex")).isEqualTo(12);
        assertThat(ethernet4.getCompositeType().keySet()).containsExactlyInAnyOrder("name", "ifindex", "admin_status",
                "netdev_oper_status", "mtu", "last_change_at_millis");
        assertThat(ethernet4.get("admin_status")).isEqualTo("up");
        assertThat(ethernet4.get("netdev_oper_status")).isEqualTo("down");
        assertThat(ethernet4.get("mtu")).isEqualTo(1500L);
        assertThat(ethernet4.get("last_change_at_millis")).isEqualTo(1_700_000_000_500L);
        assertThat(ports.get(new Object[] {"Ethernet8"}).get("admin_status")).isEqualTo("down");

        CompositeData status = (CompositeData) values.get("Status");
        assertThat(status.get("mode")).isEqualTo("WARM");
        assertThat(status.get("knownPorts")).isEqualTo(3);
        assertThat(status.get("redisAvailable")).isEqualTo(true);
    }

    /** The table keeps the engine's order, SONiC's, also for a remote client. */
    @Test
    void portsStayInSonicsOrder() throws JMException {
        List<PortView> ports = java.util.stream.Stream.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12",
                "Ethernet100").map(name -> new PortView(name, 1, true, true, 9100, 1)).toList();
        try (PlatformMBeans others = new PlatformMBeans(new PortsMBeanComponent(new SimpleSyncEngine(ports, null)),
                Jmx.PORTS + ",instance=ordered")) {
            TabularData table = (TabularData) OpenTypeChecks.roundTripWithJdkClassesOnly(
                    others.server.getAttribute(others.name(), "Ports"));

            assertThat(table.values()).extracting(row -> ((CompositeData) row).get("name"))
                    .containsExactly("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12", "Ethernet100");
        }
    }

    @Test
    void resyncRunsAndReturnsWhatChanged() throws JMException {
        CompositeData result = (CompositeData) mbeans.server.invoke(mbeans.name(), "resync", new Object[0], new String[0]);

        assertThat(engine.resyncs.get()).isEqualTo(1);
        assertThat(result.get("linksSeen")).isEqualTo(3);
        assertThat(result.get("rowsWritten")).isEqualTo(1);
        assertThat(result.get("durationMillis")).isEqualTo(12L);
        assertThat(OpenTypeChecks.roundTripWithJdkClassesOnly(result)).isEqualTo(result);
    }

    @Test
    void aFailedResyncReachesTheClientAsAJdkException() {
        engine.failResyncWith(new UnreachableRedisException("STATE_DB is down"));

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> mbeans.server.invoke(mbeans.name(), "resync", new Object[0], new String[0]));

        assertThat(failure).isInstanceOf(RuntimeMBeanException.class);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the resync failed").hasMessageContaining("STATE_DB is down");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getClass().getName()).startsWith("java");
        }
    }

    @Test
    void aResyncThatDoesNotFinishInTimeIsReported() {
        engine.hangResyncs();
        PortsMBeanImpl slow = new PortsMBeanImpl(engine, java.time.Duration.ofMillis(50));

        assertThatThrownBy(slow::resync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish");
    }

    @Test
    void unknownOperationsAreRejected() {
        assertThatThrownBy(() -> mbeans.server.invoke(mbeans.name(), "deleteAllPorts", new Object[0], new String[0]))
                .isInstanceOf(javax.management.ReflectionException.class);
    }

    /** A failure type a JMX client does not have. */
    static final class UnreachableRedisException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreachableRedisException(String message) {
            super(message);
        }
    }
}
