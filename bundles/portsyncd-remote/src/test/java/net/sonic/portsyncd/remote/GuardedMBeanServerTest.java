package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import net.sonic.portsyncd.testkit.SampleCounter;
import org.junit.jupiter.api.Test;

class GuardedMBeanServerTest {
    static final ObjectName VALUE = name("test:type=Value");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final List<String> checked = new CopyOnWriteArrayList<>();
    private final InvocationHandler guard = (proxy, method, args) -> {
        checked.add(method.getName());
        if (method.getName().startsWith("set")) {
            throw new SecurityException("not for you");
        }
        return null;
    };
    private final MBeanServer guarded = GuardedMBeanServer.wrap(server, guard);

    @Test
    void readsWritesAndOperationsGoThroughTheGuard() throws Exception {
        server.registerMBean(new SampleCounter(7), VALUE);

        assertThat(guarded.getAttribute(VALUE, "Value")).isEqualTo(7);
        assertThatThrownBy(() -> guarded.setAttribute(VALUE, new Attribute("Value", 1)))
                .isInstanceOf(SecurityException.class);
        guarded.invoke(VALUE, "reset", null, null);

        assertThat(checked).containsExactly("getAttribute", "setAttribute", "invoke");
        assertThat(server.getAttribute(VALUE, "Value")).isEqualTo(0);
    }

    @Test
    void mbeansAreNeitherCreatedNorUnregisteredNorMadeListeners() throws Exception {
        server.registerMBean(new SampleCounter(7), VALUE);

        assertThatThrownBy(() -> guarded.unregisterMBean(VALUE)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> guarded.createMBean(SampleCounter.class.getName(), name("test:type=Other")))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> guarded.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, VALUE, null, null))
                .isInstanceOf(SecurityException.class);
        NotificationListener listener = (notification, handback) -> { };
        guarded.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, null, null);

        assertThat(server.isRegistered(VALUE)).isTrue();
        assertThat(guarded.isRegistered(VALUE)).isTrue();
        assertThat(checked).isEmpty();
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
