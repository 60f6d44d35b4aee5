package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import net.sonic.portsyncd.api.metrics.Alarm;

/**
 * {@link Alarm}s as the {@code ActiveAlarms} table (indexed by type) and as the user data of an alarm notification
 * (the same items plus {@code action}). Every item is a simple value, so a row reads in one view of jconsole; the
 * details are one line of {@code key=value} pairs in key order, separated by {@value #DETAIL_SEPARATOR}.
 */
public final class AlarmData {
    public static final String DETAIL_SEPARATOR = "; ";

    private static final OpenTypes.Item[] ALARM_ITEMS = {
        item("type", "Notification type prefix, e.g. portsyncd.alarm.redis-down", SimpleType.STRING),
        item("severity", "CRITICAL, MAJOR, MINOR or WARNING", SimpleType.STRING),
        item("text", "Description of the latest raise", SimpleType.STRING),
        item("raisedAtMillis", "First raise since the alarm was clear, epoch milliseconds", SimpleType.LONG),
        item("updatedAtMillis", "Latest raise, epoch milliseconds", SimpleType.LONG),
        item("raiseCount", "Raises since the alarm was clear", SimpleType.LONG),
        item("details", "Facts of the latest raise as key=value pairs in key order, separated by \"; \"",
                SimpleType.STRING),
    };
    public static final CompositeType ROW = OpenTypes.composite("net.sonic.portsyncd.Alarm", "An active alarm",
            ALARM_ITEMS);
    public static final TabularType TABLE = OpenTypes.table("net.sonic.portsyncd.ActiveAlarms", "Active alarms", ROW,
            "type");

    private static final OpenTypes.Item[] NOTIFICATION_ITEMS = withAction();
    public static final CompositeType NOTIFICATION = OpenTypes.composite("net.sonic.portsyncd.AlarmNotification",
            "An alarm raise or clear", NOTIFICATION_ITEMS);

    private AlarmData() {
    }

    public static TabularData tableOf(List<Alarm> alarms) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (Alarm alarm : alarms) {
            table.put(OpenTypes.data(ROW, ALARM_ITEMS, values(alarm, alarm.text())));
        }
        return table;
    }

    /** User data of a notification; {@code text} is the raise or clear text. */
    public static CompositeData notificationOf(String action, Alarm alarm, String text) {
        Object[] alarmValues = values(alarm, text);
        Object[] all = new Object[alarmValues.length + 1];
        System.arraycopy(alarmValues, 0, all, 0, alarmValues.length);
        all[alarmValues.length] = action;
        return OpenTypes.data(NOTIFICATION, NOTIFICATION_ITEMS, all);
    }

    /** {@code key=value} pairs sorted by key. */
    public static String detailsOf(Map<String, String> details) {
        return new TreeMap<>(details).entrySet().stream().map(detail -> detail.getKey() + "=" + detail.getValue())
                .collect(Collectors.joining(DETAIL_SEPARATOR));
    }

    private static Object[] values(Alarm alarm, String text) {
        return new Object[] {alarm.type().notificationType(), alarm.severity().name(), OpenTypes.text(text),
            alarm.raisedAtMillis(), alarm.updatedAtMillis(), alarm.raiseCount(), detailsOf(alarm.details())};
    }

    private static OpenTypes.Item[] withAction() {
        OpenTypes.Item[] items = java.util.Arrays.copyOf(ALARM_ITEMS, ALARM_ITEMS.length + 1);
        items[ALARM_ITEMS.length] = item("action", "raise or clear", SimpleType.STRING);
        return items;
    }
}
