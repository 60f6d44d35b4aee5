package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationFilterSupport;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.metrics.jmx.codec.AlarmData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlarmsMBeanTest {
    private final AlarmsComponent alarms = new AlarmsComponent();
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final NotificationListener listener = (notification, handback) -> received.add(notification);
    private PlatformMBeans mbeans;

    @BeforeEach
    void register() throws JMException {
        mbeans = new PlatformMBeans(alarms, Jmx.ALARMS);
        mbeans.server.addNotificationListener(mbeans.name(), listener, null, null);
    }

    @AfterEach
    void unregister() throws JMException {
        mbeans.server.removeNotificationListener(mbeans.name(), listener);
        mbeans.close();
    }

    @Test
    void everyAlarmTypeIsDeclaredWithRaiseAndClear() throws JMException {
        MBeanNotificationInfo[] declared = mbeans.server.getMBeanInfo(mbeans.name()).getNotifications();

        List<String> types = Arrays.stream(declared).flatMap(info -> Arrays.stream(info.getNotifTypes())).toList();
        assertThat(types).containsExactlyInAnyOrder(
                "portsyncd.alarm.corruption.raise", "portsyncd.alarm.corruption.clear",
                "portsyncd.alarm.eoiu-timeout.raise", "portsyncd.alarm.eoiu-timeout.clear",
                "portsyncd.alarm.redis-down.raise", "portsyncd.alarm.redis-down.clear",
                "portsyncd.alarm.netlink-overrun.raise", "portsyncd.alarm.netlink-overrun.clear",
                "portsyncd.alarm.netns-unavailable.raise", "portsyncd.alarm.netns-unavailable.clear",
                "portsyncd.alarm.config-rejected.raise", "portsyncd.alarm.config-rejected.clear",
                "portsyncd.alarm.state-save-failed.raise", "portsyncd.alarm.state-save-failed.clear",
                "portsyncd.alarm.bundle-wiring.raise", "portsyncd.alarm.bundle-wiring.clear",
                "portsyncd.alarm.metrics-file-refused.raise", "portsyncd.alarm.metrics-file-refused.clear",
                "portsyncd.alarm.remote-access-failed.raise", "portsyncd.alarm.remote-access-failed.clear");
        assertThat(declared).allSatisfy(info -> assertThat(info.getDescription()).isNotBlank());
    }

    @Test
    void raiseAndClearAreNotifiedWithStructuredUserData() throws JMException {
        alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "STATE_DB unreachable",
                Map.of("database", "STATE_DB", "endpoint", "/var/run/redis/redis.sock"));
        alarms.clear(AlarmType.REDIS_DOWN, "STATE_DB reachable again");

        awaitAtLeast(received, 2);
        assertThat(received).extracting(Notification::getType)
                .containsExactly("portsyncd.alarm.redis-down.raise", "portsyncd.alarm.redis-down.clear");
        Notification raise = received.get(0);
        assertThat(raise.getSource()).isEqualTo(mbeans.name());
        assertThat(raise.getMessage()).isEqualTo("STATE_DB unreachable");
        CompositeData data = (CompositeData) raise.getUserData();
        assertThat(data.get("action")).isEqualTo("raise");
        assertThat(data.get("type")).isEqualTo("portsyncd.alarm.redis-down");
        assertThat(data.get("severity")).isEqualTo("CRITICAL");
        assertThat(data.get("details")).as("one line, keys in order")
                .isEqualTo("database=STATE_DB; endpoint=/var/run/redis/redis.sock");
        assertThat(OpenTypeChecks.roundTripWithJdkClassesOnly(data)).isEqualTo(data);

        CompositeData clear = (CompositeData) received.get(1).getUserData();
        assertThat(clear.get("action")).isEqualTo("clear");
        assertThat(clear.get("text")).isEqualTo("STATE_DB reachable again");
        assertThat(received.get(1).getSequenceNumber()).isGreaterThan(raise.getSequenceNumber());
    }

    @Test
    void activeAlarmsArePollable() throws JMException {
        alarms.raise(AlarmType.CORRUPTION, AlarmSeverity.MAJOR, "port_state.json failed its checksum",
                Map.of("file", "port_state.json"));
        alarms.raise(AlarmType.NETLINK_OVERRUN, AlarmSeverity.MINOR, "ENOBUFS", Map.of());

        Map<String, Object> values = OpenTypeChecks.readAllAttributes(mbeans.server, mbeans.name());

        assertThat(values.get("ActiveAlarmCount")).isEqualTo(2);
        TabularData active = (TabularData) values.get("ActiveAlarms");
        CompositeData corruption = active.get(new Object[] {"portsyncd.alarm.corruption"});
        assertThat(corruption.get("severity")).isEqualTo("MAJOR");
        assertThat(corruption.get("raiseCount")).isEqualTo(1L);
        assertThat(corruption.get("details")).isEqualTo("file=port_state.json");
        assertThat(active.get(new Object[] {"portsyncd.alarm.netlink-overrun"}).get("details")).isEqualTo("");
        assertThat(AlarmData.ROW.keySet()).as("every item reads in one view: no nested table")
                .allSatisfy(item -> assertThat(AlarmData.ROW.getType(item)).isInstanceOf(SimpleType.class));

        alarms.clear(AlarmType.CORRUPTION, "recovered from backup");
        TabularData after = (TabularData) mbeans.server.getAttribute(mbeans.name(), "ActiveAlarms");
        assertThat(after.size()).isEqualTo(1);
        assertThat(after.containsKey(new Object[] {"portsyncd.alarm.netlink-overrun"})).isTrue();
        assertThat(alarms.activeAlarms()).extracting(Alarm::type).containsExactly(AlarmType.NETLINK_OVERRUN);
    }

    @Test
    void repeatsUpdateTheAlarmAndOnlySeverityChangesAreNotified() {
        alarms.raise(AlarmType.NETLINK_OVERRUN, AlarmSeverity.WARNING, "overrun 1", Map.of("count", "1"));
        alarms.raise(AlarmType.NETLINK_OVERRUN, AlarmSeverity.WARNING, "overrun 2", Map.of("count", "2"));
        alarms.raise(AlarmType.NETLINK_OVERRUN, AlarmSeverity.MAJOR, "overrun storm", Map.of("count", "50"));

        awaitAtLeast(received, 2);
        alarms.clear(AlarmType.CORRUPTION, "not active: no notification");
        alarms.raise(AlarmType.EOIU_TIMEOUT, AlarmSeverity.MINOR, "marker", Map.of());
        awaitAtLeast(received, 3);
        assertThat(received).hasSize(3);
        assertThat(((CompositeData) received.get(1).getUserData()).get("severity")).isEqualTo("MAJOR");
        Alarm alarm = alarms.activeAlarms().stream().filter(a -> a.type() == AlarmType.NETLINK_OVERRUN).findFirst().orElseThrow();
        assertThat(alarm.raiseCount()).isEqualTo(3);
        assertThat(alarm.text()).isEqualTo("overrun storm");
        assertThat(alarm.details()).containsEntry("count", "50");
        assertThat(received.get(0).getSequenceNumber()).isLessThan(received.get(1).getSequenceNumber());
    }

    @Test
    void clearingAnInactiveAlarmIsANoOp() {
        assertThat(alarms.clear(AlarmType.EOIU_TIMEOUT, "nothing to clear")).isFalse();
        alarms.raise(AlarmType.CORRUPTION, AlarmSeverity.MINOR, "marker", Map.of());
        awaitAtLeast(received, 1);
        assertThat(received).extracting(Notification::getType).containsExactly("portsyncd.alarm.corruption.raise");
    }

    @Test
    void aPrefixFilterReceivesBothRaiseAndClear() throws JMException {
        List<Notification> filtered = new CopyOnWriteArrayList<>();
        NotificationFilterSupport filter = new NotificationFilterSupport();
        filter.enableType(AlarmType.EOIU_TIMEOUT.notificationType());
        NotificationListener eoiuOnly = (notification, handback) -> filtered.add(notification);
        mbeans.server.addNotificationListener(mbeans.name(), eoiuOnly, filter, null);
        try {
            alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "down", Map.of());
            alarms.raise(AlarmType.EOIU_TIMEOUT, AlarmSeverity.WARNING, "initial sync ended by timeout",
                    Map.of("timeoutSeconds", "30"));
            alarms.clear(AlarmType.EOIU_TIMEOUT, "next sync completed by EOIU");
            awaitAtLeast(filtered, 2);
        } finally {
            mbeans.server.removeNotificationListener(mbeans.name(), eoiuOnly);
        }
        assertThat(filtered).extracting(Notification::getType)
                .containsExactly("portsyncd.alarm.eoiu-timeout.raise", "portsyncd.alarm.eoiu-timeout.clear");
    }

    /** Notifications are delivered on the alarm component's own thread. */
    private static void awaitAtLeast(List<Notification> notifications, int count) {
        net.sonic.portsyncd.testkit.Poll.until(java.time.Duration.ofSeconds(10), () -> notifications.size() >= count,
                () -> "notifications received: " + notifications);
    }

    @Test
    void sloppyInputIsAcceptedOrRejectedClearly() {
        java.util.HashMap<String, String> details = new java.util.HashMap<>();
        details.put("file", null);
        details.put(null, "orphan");
        details.put("ok", "yes");
        alarms.raise(AlarmType.CORRUPTION, AlarmSeverity.MAJOR, null, details);

        Alarm alarm = alarms.activeAlarms().get(0);
        assertThat(alarm.text()).isEqualTo("portsyncd.alarm.corruption");
        assertThat(alarm.details()).containsExactly(Map.entry("ok", "yes"));
        assertThatThrownBy(() -> alarms.raise(null, AlarmSeverity.MAJOR, "x", Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("alarm type");
        assertThat(AlarmType.parse("portsyncd.alarm.redis-down")).isEqualTo(AlarmType.REDIS_DOWN);
        assertThatThrownBy(() -> AlarmType.parse("portsyncd.alarm.fire")).isInstanceOf(IllegalArgumentException.class);
    }
}
