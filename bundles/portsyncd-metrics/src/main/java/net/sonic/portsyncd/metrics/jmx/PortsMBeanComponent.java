package net.sonic.portsyncd.metrics.jmx;

import java.util.Map;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.StandardMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.PortsMBean;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.metrics.jmx.codec.PortRows;
import net.sonic.portsyncd.metrics.jmx.codec.ResyncResultData;
import net.sonic.portsyncd.metrics.jmx.codec.SyncStatusData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code net.sonic.portsyncd:type=Ports}, registered by Karaf's JMX whiteboard while the sync engine runs. */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + Jmx.PORTS)
public final class PortsMBeanComponent extends StandardMBean {

    @Activate
    public PortsMBeanComponent(@Reference PortSyncService engine) {
        super(new PortsMBeanImpl(engine, PortsMBeanImpl.RESYNC_TIMEOUT), PortsMBean.class, false);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return OpenMBeanInfos.of(super.getMBeanInfo(), PortsMBean.class,
                Map.of("Ports", PortRows.TABLE, "Status", SyncStatusData.TYPE, "resync", ResyncResultData.TYPE));
    }
}
