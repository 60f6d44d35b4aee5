package net.sonic.portsyncd.api.metrics;

import javax.management.openmbean.TabularData;

/**
 * {@code net.sonic.portsyncd:type=Alarms}: the active alarms, for pollers. The same MBean emits a notification
 * of type {@code <AlarmType.notificationType()>.raise} or {@code .clear} for every transition, with a
 * {@code CompositeData} user data of the columns below plus {@code action} ("raise" or "clear").
 */
@Description("portsyncd's active alarms; emits a portsyncd.alarm.<name>.raise or .clear notification for every"
        + " change")
public interface AlarmsMBean {

    /**
     * One row per active alarm, index {@code type} (the notification type prefix, e.g.
     * {@code portsyncd.alarm.redis-down}): {@code severity}, {@code text}, {@code raisedAtMillis},
     * {@code updatedAtMillis}, {@code raiseCount}, {@code details} (one line of {@code key=value} pairs, sorted by
     * key, separated by {@code "; "}).
     */
    @Description("One row per active alarm: type, severity, text, when raised and updated, raise count, details")
    TabularData getActiveAlarms();

    @Description("Alarms active now")
    @Units(Units.COUNT)
    int getActiveAlarmCount();
}
