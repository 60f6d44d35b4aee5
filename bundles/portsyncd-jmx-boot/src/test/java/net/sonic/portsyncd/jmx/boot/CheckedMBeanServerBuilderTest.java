package net.sonic.portsyncd.jmx.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.util.ArrayList;
import java.util.List;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.ObjectName;
import net.sonic.portsyncd.testkit.SampleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckedMBeanServerBuilderTest {
    private static final ObjectName NAME = name("test:type=Counter");
    private final List<String> seen = new ArrayList<>();
    private InvocationHandler installed;

    @AfterEach
    void uninstall() {
        if (installed != null) {
            CheckedMBeanServerBuilder.uninstall(installed);
        }
    }

    @Test
    void withoutACheckEveryCallGoesThrough() throws Exception {
        MBeanServer server = newServer();
        server.setAttribute(NAME, new Attribute("Value", 7));

        assertThat(server.getAttribute(NAME, "Value")).isEqualTo(7);
        assertThat(CheckedMBeanServerBuilder.isChecked(server)).isFalse();
    }

    @Test
    void theCheckSeesEveryCallFirstAndItsRefusalStopsIt() throws Exception {
        MBeanServer server = newServer();
        install((target, method, args) -> {
            seen.add(method.getName());
            if (method.getName().equals("invoke")) {
                throw new SecurityException("no " + args[1]);
            }
            return null;
        });
        server.setAttribute(NAME, new Attribute("Value", 7));

        assertThatThrownBy(() -> server.invoke(NAME, "reset", null, null)).isInstanceOf(SecurityException.class)
                .hasMessage("no reset");
        assertThat(server.getAttribute(NAME, "Value")).as("the refused reset did not run").isEqualTo(7);
        assertThat(seen).containsExactly("setAttribute", "invoke", "getAttribute");
        assertThat(CheckedMBeanServerBuilder.isChecked(server)).isTrue();
    }

    @Test
    void theCheckIsGivenTheRealServerNotTheProxy() throws Exception {
        MBeanServer server = newServer();
        List<Object> targets = new ArrayList<>();
        install((target, method, args) -> targets.add(target));
        server.getMBeanCount();

        assertThat(targets).hasSize(1).doesNotContain(server);
        assertThat(targets.get(0)).isInstanceOf(MBeanServer.class);
    }

    @Test
    void aDeclaredExceptionOfTheCheckReachesTheCallerAndAnyOtherRefusesTheCall() throws Exception {
        MBeanServer server = newServer();
        install((target, method, args) -> {
            throw method.getName().equals("getAttribute") ? new InstanceNotFoundException("gone")
                    : new IOException("configuration unreadable");
        });

        assertThatThrownBy(() -> server.getAttribute(NAME, "Value")).isInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> server.invoke(NAME, "reset", null, null)).isInstanceOf(SecurityException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anUninstalledCheckSeesNothingAndAnotherCheckIsNotRemovedByIt() throws Exception {
        MBeanServer server = newServer();
        InvocationHandler first = (target, method, args) -> seen.add("first");
        install(first);
        install((target, method, args) -> seen.add("second"));
        CheckedMBeanServerBuilder.uninstall(first);
        server.getMBeanCount();

        assertThat(seen).containsExactly("second");
    }

    @Test
    void theProxyIsEqualOnlyToItself() throws Exception {
        MBeanServer server = newServer();
        MBeanServer other = newServer();

        assertThat(server).isEqualTo(server).isNotEqualTo(other);
        assertThat(server.hashCode()).isEqualTo(System.identityHashCode(server));
        assertThat(server.toString()).startsWith("checked javax.management.MBeanServer@");
    }

    private void install(InvocationHandler check) {
        installed = check;
        CheckedMBeanServerBuilder.install(check);
    }

    private static MBeanServer newServer() throws Exception {
        MBeanServerBuilder builder = new CheckedMBeanServerBuilder();
        MBeanServer server = builder.newMBeanServer("test", null, builder.newMBeanServerDelegate());
        server.registerMBean(new SampleCounter(), NAME);
        return server;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
