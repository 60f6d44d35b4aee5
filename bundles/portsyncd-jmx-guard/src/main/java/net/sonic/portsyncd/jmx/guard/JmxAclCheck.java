package net.sonic.portsyncd.jmx.guard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.AccessController;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every call on the platform MBeanServer passes first. A call made for an authenticated user (a JAAS
 * subject on the calling thread, as Karaf's RMI connector and Jolokia's {@code Subject.doAs} set it) runs only if
 * {@code etc/jmx.acl*.cfg} gives one of the user's roles the right to it, as decided by Karaf's own guard, the one
 * its RMI connector applies. A call without a subject is the container's own and is not checked.
 *
 * <p>Beyond what Karaf's connector checks (attribute reads and writes, operations), creating and unregistering an
 * MBean are checked too, as operations named {@code createMBean} (its class name the one argument rules can match)
 * and {@code unregisterMBean} of the MBean concerned: {@code * = admin} in {@code etc/jmx.acl.cfg} leaves them to
 * admin.
 */
final class JmxAclCheck implements InvocationHandler {
    private static final Set<String> GUARDED = Set.of("getAttribute", "getAttributes", "setAttribute",
            "setAttributes", "invoke");
    private static final String CREATE = "createMBean";
    private static final String UNREGISTER = "unregisterMBean";
    private static final Method INVOKE = invokeMethod();
    private static final Logger LOG = LoggerFactory.getLogger(JmxAclCheck.class);

    private final InvocationHandler guard;

    /** {@code guard}: Karaf's {@code KarafMBeanServerGuard}, reading the ACL from Config Admin. */
    JmxAclCheck(InvocationHandler guard) {
        this.guard = guard;
    }

    @Override
    public Object invoke(Object server, Method method, Object[] args) throws Throwable {
        Subject subject = callerSubject();
        String name = method.getName();
        if (subject == null || !(GUARDED.contains(name) || name.equals(CREATE) || name.equals(UNREGISTER))) {
            return null;
        }
        try {
            if (GUARDED.contains(name)) {
                guard.invoke(asProxy((MBeanServer) server), method, args);
            } else if (name.equals(CREATE)) {
                // not registered yet: nothing to look up on the server, the class name is what a rule can match
                ObjectName target = args[1] instanceof ObjectName ? (ObjectName) args[1] : MBeanServerDelegate.DELEGATE_NAME;
                guard.invoke(null, INVOKE, new Object[] {target, CREATE, new Object[] {args[0]},
                        new String[] {String.class.getName()}});
            } else {
                guard.invoke(asProxy((MBeanServer) server), INVOKE,
                        new Object[] {args[0], UNREGISTER, new Object[0], new String[0]});
            }
            return null;
        } catch (SecurityException refused) {
            LOG.info("JMX access refused by etc/jmx.acl*.cfg: user {} may not {} on {}", user(subject),
                    action(name, args), args.length > 0 ? args[0] : "the MBeanServer");
            throw refused;
        }
    }

    /** Karaf's guard takes the server it looks MBean metadata up on only as a proxy (it unwraps its own). */
    private static MBeanServer asProxy(MBeanServer server) {
        return (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("removal") // the JAAS subject of the calling context, as Karaf's guard itself reads it (Java 17)
    private static Subject callerSubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    private static String user(Subject subject) {
        return subject.getPrincipals(UserPrincipal.class).stream().map(Principal::getName).findFirst()
                .orElse(subject.getPrincipals().toString());
    }

    /** What was refused, in the words of the call: "read SystemProperties", "invoke gc", ... */
    private static String action(String name, Object[] args) {
        switch (name) {
            case "getAttribute":
                return "read " + args[1];
            case "getAttributes":
                return "read " + Arrays.toString((String[]) args[1]);
            case "setAttribute":
                return "write " + ((Attribute) args[1]).getName();
            case "setAttributes":
                return "write " + ((AttributeList) args[1]).asList().stream().map(Attribute::getName).toList();
            case "invoke":
                return "invoke " + args[1];
            case CREATE:
                return "create an MBean of class " + args[0];
            default:
                return name;
        }
    }

    private static Method invokeMethod() {
        try {
            return MBeanServer.class.getMethod("invoke", ObjectName.class, String.class, Object[].class, String[].class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
