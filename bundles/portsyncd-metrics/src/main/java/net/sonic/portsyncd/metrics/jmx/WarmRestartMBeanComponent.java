package net.sonic.portsyncd.metrics.jmx;

import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.WarmRestartMXBean;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code net.sonic.portsyncd:type=WarmRestart}, registered by Karaf's JMX whiteboard while the lifecycle and the
 * state store are there. The sync engine is optional and dynamic: the MBean stays registered while it restarts.
 */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + Jmx.WARM_RESTART)
public final class WarmRestartMBeanComponent extends StandardMBean {
    private final WarmRestartMBean mbean;

    @Activate
    public WarmRestartMBeanComponent(@Reference WarmRestartLifecycle lifecycle, @Reference PortStateStore store) {
        this(new WarmRestartMBean(lifecycle, store));
    }

    private WarmRestartMBeanComponent(WarmRestartMBean mbean) {
        super(mbean, WarmRestartMXBean.class, true);
        this.mbean = mbean;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindSyncEngine(PortSyncService engine) {
        mbean.syncEngineAvailable(engine);
    }

    public void unbindSyncEngine(PortSyncService engine) {
        mbean.syncEngineGone(engine);
    }
}
