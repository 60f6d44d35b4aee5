package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SonicLogLevelTest {

    @ParameterizedTest
    @CsvSource({
        "EMERG, FATAL", "ALERT, FATAL", "CRIT, FATAL", "ERROR, ERROR",
        "WARN, WARN", "NOTICE, INFO", "INFO, INFO", "DEBUG, DEBUG"})
    void everySwssCommonPriorityHasALog4jLevel(String sonic, String log4j) {
        assertThat(SonicLogLevel.parse(sonic)).hasValueSatisfying(level -> assertThat(level.log4jLevel())
                .isEqualTo(log4j));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"debug", "Notice", " DEBUG", "DEBUG ", "NOTICE\n", "TRACE", "FATAL", "WARNING",
        "7", "SWSS_DEBUG", "DEBUG;INFO"})
    void anythingElseIsRejected(String value) {
        assertThat(SonicLogLevel.parse(value)).isEmpty();
    }
}
