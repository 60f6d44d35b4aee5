package net.sonic.portsyncd.metrics.jmx;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers test MBeans on the platform server and removes them again. */
final class PlatformMBeans implements AutoCloseable {
    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    PlatformMBeans(Object mbean, String objectName) throws JMException {
        this.name = new ObjectName(objectName);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(mbean, name);
    }

    ObjectName name() {
        return name;
    }

    @Override
    public void close() throws JMException {
        server.unregisterMBean(name);
    }
}
