package net.sonic.portsyncd.metrics.jmx;

import javax.management.DynamicMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code net.sonic.portsyncd:type=Metrics}, registered by Karaf's JMX whiteboard while the metrics are there. */
@Component(service = DynamicMBean.class, property = "jmx.objectname=" + Jmx.METRICS)
public final class MetricsMBeanComponent extends MetricsMBeanImpl {

    @Activate
    public MetricsMBeanComponent(@Reference MetricsReader reader, @Reference MetricsAdmin admin) {
        super(reader, admin);
    }
}
