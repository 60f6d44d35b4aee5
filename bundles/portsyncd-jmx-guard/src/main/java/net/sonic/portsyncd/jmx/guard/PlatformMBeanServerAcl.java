package net.sonic.portsyncd.jmx.guard;

import java.lang.management.ManagementFactory;
import net.sonic.portsyncd.jmx.boot.CheckedMBeanServerBuilder;
import org.apache.karaf.management.KarafMBeanServerGuard;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Karaf's JMX ACL ({@code etc/jmx.acl*.cfg}, re-read at every call) on the platform MBeanServer to every
 * authenticated caller, through the check {@link CheckedMBeanServerBuilder} gives each call. Karaf applies the ACL
 * only on its RMI connector; with this, Jolokia and any other in-process caller acting for a user meet the same
 * rules. While this component is not active nothing is checked there (Karaf's connector still checks its own
 * calls, and Jolokia refuses every request: {@code portsyncd-jolokia}).
 */
@Component(immediate = true, service = {})
public final class PlatformMBeanServerAcl {
    static final String BUILDER_PROPERTY = "javax.management.builder.initial";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMBeanServerAcl.class);

    private final JmxAclCheck check;

    @Activate
    public PlatformMBeanServerAcl(@Reference ConfigurationAdmin configurationAdmin) {
        KarafMBeanServerGuard guard = new KarafMBeanServerGuard();
        guard.setConfigAdmin(configurationAdmin);
        check = new JmxAclCheck(guard);
        CheckedMBeanServerBuilder.install(check);
        if (CheckedMBeanServerBuilder.isChecked(ManagementFactory.getPlatformMBeanServer())) {
            LOG.info("JMX ACL etc/jmx.acl*.cfg applied on the platform MBeanServer to every authenticated caller");
        } else {
            LOG.error("The platform MBeanServer was not built by {} ({} = {}): callers in the JVM such as Jolokia are"
                    + " not held to etc/jmx.acl*.cfg; Jolokia refuses every request", CheckedMBeanServerBuilder.class
                    .getName(), BUILDER_PROPERTY, System.getProperty(BUILDER_PROPERTY));
        }
    }

    @Deactivate
    void deactivate() {
        CheckedMBeanServerBuilder.uninstall(check);
        LOG.info("JMX ACL no longer applied on the platform MBeanServer");
    }
}
