package net.sonic.portsyncd.jolokia;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import net.sonic.portsyncd.jmx.boot.CheckedMBeanServerBuilder;
import org.jolokia.restrictor.Restrictor;
import org.jolokia.util.HttpMethod;
import org.jolokia.util.RequestType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia's restrictor (etc/org.jolokia.osgi.cfg {@code org.jolokia.useRestrictorService = true}: Jolokia refuses
 * every request while no restrictor service says yes). What a user may read, write and invoke is not decided here
 * but by etc/jmx.acl*.cfg, on the platform MBeanServer Jolokia calls for the user ({@code portsyncd-jmx-guard});
 * this gate opens Jolokia only while that check is in place, so that a missing check never means open access.
 *
 * <p>A request from a web page (it carries an {@code Origin} header) is refused and no CORS header is sent: a
 * browser that holds a user's credentials for Jolokia must not let another site's page use them. An NMS, curl or a
 * JMX-over-HTTP client sends no Origin.
 */
@Component(service = Restrictor.class)
public final class JmxAclGate implements Restrictor {
    private static final Logger LOG = LoggerFactory.getLogger(JmxAclGate.class);

    private final BooleanSupplier aclApplied;
    private final AtomicBoolean open = new AtomicBoolean(true);

    @Activate
    public JmxAclGate() {
        this(() -> CheckedMBeanServerBuilder.isChecked(ManagementFactory.getPlatformMBeanServer()));
    }

    JmxAclGate(BooleanSupplier aclApplied) {
        this.aclApplied = aclApplied;
        LOG.info("Jolokia answers while etc/jmx.acl*.cfg is applied on the platform MBeanServer (now: {})",
                aclApplied.getAsBoolean() ? "applied, open" : "not applied, closed");
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return aclApplied();
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return aclApplied();
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return aclApplied();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return aclApplied();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return aclApplied();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return aclApplied();
    }

    /** Jolokia asks with the request's Origin header, null when there is none; "null" is a sandboxed page's. */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return origin == null;
    }

    private boolean aclApplied() {
        boolean applied = aclApplied.getAsBoolean();
        if (open.compareAndSet(!applied, applied)) {
            if (applied) {
                LOG.info("Jolokia open again: etc/jmx.acl*.cfg is applied on the platform MBeanServer");
            } else {
                LOG.warn("Jolokia refuses every request: etc/jmx.acl*.cfg is not applied on the platform MBeanServer"
                        + " (bundle portsyncd-jmx-guard not active?)");
            }
        }
        return applied;
    }
}
