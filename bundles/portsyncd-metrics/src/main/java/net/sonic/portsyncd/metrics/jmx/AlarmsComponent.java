package net.sonic.portsyncd.metrics.jmx;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.StandardEmitterMBean;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.AlarmsMBean;
import net.sonic.portsyncd.metrics.jmx.codec.AlarmData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Publishes the {@link AlarmService} for every bundle, and the same object as
 * {@code net.sonic.portsyncd:type=Alarms} through Karaf's JMX whiteboard.
 */
@Component(service = {AlarmService.class, DynamicMBean.class}, property = "jmx.objectname=" + Jmx.ALARMS)
public final class AlarmsComponent extends StandardEmitterMBean implements AlarmService {
    private final AlarmsMBeanImpl alarms;
    private final ExecutorService delivery;

    @Activate
    public AlarmsComponent() {
        this(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portsyncd-alarm-notifications");
            thread.setDaemon(true);
            return thread;
        }));
    }

    private AlarmsComponent(ExecutorService delivery) {
        this(new AlarmsMBeanImpl(Clock.systemUTC(), delivery), delivery);
    }

    private AlarmsComponent(AlarmsMBeanImpl alarms, ExecutorService delivery) {
        super(alarms, AlarmsMBean.class, false, alarms);
        this.alarms = alarms;
        this.delivery = delivery;
    }

    @Deactivate
    void deactivate() {
        delivery.shutdown();
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return OpenMBeanInfos.of(super.getMBeanInfo(), AlarmsMBean.class,
                Map.of("ActiveAlarms", AlarmData.TABLE));
    }

    @Override
    public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
        alarms.raise(type, severity, text, details);
    }

    @Override
    public boolean clear(AlarmType type, String text) {
        return alarms.clear(type, text);
    }

    @Override
    public List<Alarm> activeAlarms() {
        return alarms.activeAlarms();
    }
}
