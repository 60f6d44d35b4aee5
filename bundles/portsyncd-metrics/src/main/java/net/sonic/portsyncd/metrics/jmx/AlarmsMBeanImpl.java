package net.sonic.portsyncd.metrics.jmx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.AlarmsMBean;
import net.sonic.portsyncd.metrics.AlarmBoard;
import net.sonic.portsyncd.metrics.jmx.codec.AlarmData;

/**
 * The alarm service with its JMX face: {@code net.sonic.portsyncd:type=Alarms} emits
 * {@code portsyncd.alarm.<name>.raise} / {@code .clear} notifications (declared in the MBeanInfo, sequence numbers
 * strictly increasing, user data {@link AlarmData#NOTIFICATION}) and shows the active alarms as an attribute.
 */
public class AlarmsMBeanImpl extends NotificationBroadcasterSupport implements AlarmsMBean, AlarmService {
    static final String RAISE = "raise";
    static final String CLEAR = "clear";
    private static final ObjectName SOURCE = objectName();

    private final AlarmBoard board;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    /** Delivers notifications on the raising thread (tests). */
    public AlarmsMBeanImpl(Clock clock) {
        this(clock, Runnable::run);
    }

    /**
     * Delivers notifications through {@code delivery}, so that a slow listener never holds up the thread that raised
     * the alarm (the netlink capture, the sync engine).
     */
    public AlarmsMBeanImpl(Clock clock, Executor delivery) {
        super(delivery, notificationInfo());
        this.clock = clock;
        this.board = new AlarmBoard(clock);
    }

    @Override
    public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
        board.raise(type, severity, text, details).ifPresent(alarm -> announce(RAISE, alarm, alarm.text()));
    }

    @Override
    public boolean clear(AlarmType type, String text) {
        return board.clear(type, text).map(alarm -> {
            announce(CLEAR, alarm, text == null || text.isBlank() ? "cleared" : text);
            return true;
        }).orElse(false);
    }

    @Override
    public List<Alarm> activeAlarms() {
        return board.active();
    }

    @Override
    public TabularData getActiveAlarms() {
        return AlarmData.tableOf(board.active());
    }

    @Override
    public int getActiveAlarmCount() {
        return board.active().size();
    }

    /** Serialised so that sequence numbers reach listeners in order. */
    private synchronized void announce(String action, Alarm alarm, String text) {
        AlarmType type = alarm.type();
        String notificationType = RAISE.equals(action) ? type.raiseNotificationType() : type.clearNotificationType();
        Notification notification = new Notification(notificationType, SOURCE, sequence.incrementAndGet(),
                clock.millis(), text);
        notification.setUserData(AlarmData.notificationOf(action, alarm, text));
        sendNotification(notification);
    }

    private static MBeanNotificationInfo[] notificationInfo() {
        List<MBeanNotificationInfo> infos = new ArrayList<>();
        for (AlarmType type : AlarmType.values()) {
            infos.add(new MBeanNotificationInfo(new String[] {type.raiseNotificationType()},
                    Notification.class.getName(), "Alarm " + type.notificationType() + " raised or its severity changed"));
            infos.add(new MBeanNotificationInfo(new String[] {type.clearNotificationType()},
                    Notification.class.getName(), "Alarm " + type.notificationType() + " cleared"));
        }
        return infos.toArray(MBeanNotificationInfo[]::new);
    }

    private static ObjectName objectName() {
        try {
            return ObjectName.getInstance(Jmx.ALARMS);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
