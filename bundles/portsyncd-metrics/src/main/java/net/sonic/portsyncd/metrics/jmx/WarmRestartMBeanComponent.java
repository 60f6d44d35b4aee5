package net.sonic.portsyncd.metrics.jmx;

import java.util.Map;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.StandardMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.WarmRestartMBean;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.metrics.jmx.codec.BackupRows;
import net.sonic.portsyncd.metrics.jmx.codec.TransitionRows;
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
    private final WarmRestartMBeanImpl mbean;

    @Activate
    public WarmRestartMBeanComponent(@Reference WarmRestartLifecycle lifecycle, @Reference PortStateStore store) {
        this(new WarmRestartMBeanImpl(lifecycle, store));
    }

    private WarmRestartMBeanComponent(WarmRestartMBeanImpl mbean) {
        super(mbean, WarmRestartMBean.class, false);
        this.mbean = mbean;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return OpenMBeanInfos.of(super.getMBeanInfo(), WarmRestartMBean.class,
                Map.of("Transitions", TransitionRows.TABLE, "listBackups", BackupRows.TABLE));
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
