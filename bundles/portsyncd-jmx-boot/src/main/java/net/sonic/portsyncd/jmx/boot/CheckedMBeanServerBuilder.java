package net.sonic.portsyncd.jmx.boot;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Builds every MBeanServer of the JVM, the platform one included ({@code javax.management.builder.initial}), as a
 * proxy that hands each call to the installed {@link #install check} before the server carries it out.
 *
 * <p>Karaf checks its JMX ACL only on the MBeanServer its RMI connector serves; Jolokia, and anything else that
 * runs a request in the JVM for an authenticated user, calls the platform MBeanServer directly. With the check
 * at the platform MBeanServer itself, every path meets the same rules. This class only routes calls: what is
 * checked, for whom and against which rules is the installed check's business, and with none installed every
 * call goes straight through.
 */
public final class CheckedMBeanServerBuilder extends MBeanServerBuilder {
    private static final AtomicReference<InvocationHandler> CHECK = new AtomicReference<>();

    /**
     * Makes {@code check} see every call on the MBeanServers this builder built, as {@code check.invoke(server,
     * method, args)} with the real server, before the call runs. It refuses a call by throwing; its return value
     * is ignored. Replaces any check installed before.
     */
    public static void install(InvocationHandler check) {
        CHECK.set(check);
    }

    /** Removes {@code check} if it is the one installed; a later {@link #install} is left in place. */
    public static void uninstall(InvocationHandler check) {
        CHECK.compareAndSet(check, null);
    }

    /** Whether {@code server} was built by this builder and a check is installed, i.e. its calls are checked. */
    public static boolean isChecked(MBeanServer server) {
        return CHECK.get() != null && Proxy.isProxyClass(server.getClass())
                && Proxy.getInvocationHandler(server) instanceof CheckFirst;
    }

    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        MBeanServer server = super.newMBeanServer(defaultDomain, outer, delegate);
        return (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, new CheckFirst(server));
    }

    private static final class CheckFirst implements InvocationHandler {
        private final MBeanServer server;

        CheckFirst(MBeanServer server) {
            this.server = server;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return identity(proxy, method, args);
            }
            InvocationHandler check = CHECK.get();
            if (check != null) {
                try {
                    check.invoke(server, method, args);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    // the caller may only see what the MBeanServer method declares; anything else refuses the call
                    if (Arrays.stream(method.getExceptionTypes()).anyMatch(type -> type.isInstance(e))) {
                        throw e;
                    }
                    throw new SecurityException("access check failed: " + e, e);
                }
            }
            try {
                return method.invoke(server, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** The proxy is its own identity: equal only to itself, whatever server it hides. */
        private static Object identity(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "checked " + MBeanServer.class.getName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
            }
        }
    }
}
