package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import org.junit.jupiter.api.Test;

class PaxLoggingLevelsTest {

    private static Hashtable<String, Object> karafDefaults() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "org.ops4j.pax.logging");
        properties.put("log4j2.rootLogger.level", "INFO");
        properties.put("log4j2.logger.sshd.name", "org.apache.sshd");
        properties.put("log4j2.logger.sshd.level", "INFO");
        return properties;
    }

    @Test
    void addsOurLoggerAndKeepsEverythingElse() {
        Hashtable<String, Object> updated = PaxLoggingLevels.withLevel(karafDefaults(), "DEBUG").orElseThrow();

        assertThat(updated).containsEntry("log4j2.logger.portsyncd.name", "net.sonic.portsyncd")
                .containsEntry("log4j2.logger.portsyncd.level", "DEBUG")
                .containsAllEntriesOf(karafDefaults())
                .hasSize(karafDefaults().size() + 2);
    }

    @Test
    void anUnchangedLevelNeedsNoUpdate() {
        Hashtable<String, Object> current = PaxLoggingLevels.withLevel(karafDefaults(), "WARN").orElseThrow();

        assertThat(PaxLoggingLevels.withLevel(current, "WARN")).isEmpty();
        assertThat(PaxLoggingLevels.withLevel(current, "ERROR")).hasValueSatisfying(updated ->
                assertThat(updated).containsEntry("log4j2.logger.portsyncd.level", "ERROR"));
    }

    @Test
    void aLoggerIdReusedForAnotherNameIsTakenBack() {
        Hashtable<String, Object> current = karafDefaults();
        current.put("log4j2.logger.portsyncd.name", "org.example");
        current.put("log4j2.logger.portsyncd.level", "WARN");

        assertThat(PaxLoggingLevels.withLevel(current, "WARN")).hasValueSatisfying(updated ->
                assertThat(updated).containsEntry("log4j2.logger.portsyncd.name", "net.sonic.portsyncd"));
    }

    @Test
    void worksWithoutAnExistingConfiguration() {
        assertThat(PaxLoggingLevels.withLevel(null, "INFO")).hasValueSatisfying(updated -> assertThat(updated)
                .containsOnlyKeys("log4j2.logger.portsyncd.name", "log4j2.logger.portsyncd.level"));
    }

    @Test
    void reportsTheLevelInForce() {
        assertThat(PaxLoggingLevels.levelIn(karafDefaults())).isEmpty();
        assertThat(PaxLoggingLevels.levelIn(PaxLoggingLevels.withLevel(karafDefaults(), "ERROR").orElseThrow()))
                .contains("ERROR");
        assertThat(PaxLoggingLevels.levelIn(null)).isEmpty();
    }
}
