package net.sonic.portsyncd.remote;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The MBean server as remote JMX clients see it: Karaf's JMX ACL guard ({@code etc/jmx.acl*.cfg}, the one Karaf's
 * own connector applies) checks every attribute read and write and every operation against the caller's JAAS
 * roles. Beyond Karaf's connector, creating or unregistering an MBean and registering another MBean as a
 * notification listener are refused to everyone: they change the container rather than read or operate it, and no
 * ACL names them.
 */
final class GuardedMBeanServer implements InvocationHandler {
    private static final Set<String> GUARDED = Set.of("invoke", "getAttribute", "getAttributes", "setAttribute",
            "setAttributes");
    /** The connector itself asks for class loaders (to read operation parameters): those stay open. */
    private static final Set<String> REFUSED = Set.of("createMBean", "registerMBean", "unregisterMBean",
            "instantiate", "deserialize");

    private final MBeanServer server;
    private final InvocationHandler guard;

    private GuardedMBeanServer(MBeanServer server, InvocationHandler guard) {
        this.server = server;
        this.guard = guard;
    }

    static MBeanServer wrap(MBeanServer server, InvocationHandler guard) {
        return (MBeanServer) Proxy.newProxyInstance(GuardedMBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, new GuardedMBeanServer(server, guard));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (REFUSED.contains(name) || isListenerMBean(name, args)) {
            throw new SecurityException(name + " is not allowed over remote JMX");
        }
        if (GUARDED.contains(name)) {
            guard.invoke(proxy, method, args);
        }
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code addNotificationListener(ObjectName, ObjectName, ...)}: another MBean made to receive notifications. */
    private static boolean isListenerMBean(String name, Object[] args) {
        return name.equals("addNotificationListener") && args != null && args.length > 1
                && args[1] instanceof ObjectName;
    }
}
