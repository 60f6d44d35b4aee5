package net.sonic.portsyncd.metrics.jmx;

import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.PortsMXBean;
import net.sonic.portsyncd.api.sync.PortSyncService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code net.sonic.portsyncd:type=Ports}, registered by Karaf's JMX whiteboard while the sync engine runs. */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + Jmx.PORTS)
public final class PortsMBeanComponent extends StandardMBean {

    @Activate
    public PortsMBeanComponent(@Reference PortSyncService engine) {
        super(new PortsMBean(engine, PortsMBean.RESYNC_TIMEOUT), PortsMXBean.class, true);
    }
}
