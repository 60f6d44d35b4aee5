package net.sonic.portsyncd.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidatorTest {
    private static final String INTEGER_RANGE = "(an integer from 1 to 1048576 is required)";

    private final ConfigValidator<SampleConfig> validator =
            new ConfigValidator<>(SampleConfig.SPEC, new LastGoodValues());

    static Stream<Arguments> garbageForAnInteger() {
        // each value wrapped, or an array would be taken for the argument list
        return Stream.<Object>of("abc", "", "   ", "-1", "0", "1e99", "1.5", "0x10", "1_000", "99999999999999999999",
                "1048577", 1L << 40, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"), 5.0d, 5.0f,
                Boolean.TRUE, 'x', new String[] {"5"}, new String[0], new int[] {5}, List.of(5), Map.of())
                .map(value -> Arguments.of(value));
    }

    @ParameterizedTest
    @MethodSource("garbageForAnInteger")
    void garbageIsRejectedWithOneLineAndTheDefaultUsedWhenNothingWasAccepted(Object garbage) {
        try (LogCapture log = new LogCapture()) {
            SampleConfig config = validator.validate(Map.of("queue.capacity", garbage));

            assertThat(config.queue_capacity()).isEqualTo(16_384);
            assertThat(log.lines()).filteredOn(line -> line.contains("rejected")).singleElement().satisfies(line -> {
                assertThat(line).contains("WARN", "Configuration net.sonic.portsyncd.sample: queue.capacity = '",
                        INTEGER_RANGE, "; using the default 16384");
            });
        }
    }

    @Test
    void theLogLineQuotesTheValueAsWritten() {
        try (LogCapture log = new LogCapture()) {
            validator.validate(Map.of("queue.capacity", "abc"));
            validator.validate(Map.of("queue.capacity", new String[] {"5", "6"}));

            assertThat(log.count("Configuration net.sonic.portsyncd.sample: queue.capacity = 'abc' rejected "
                    + INTEGER_RANGE + "; using the default 16384")).isEqualTo(1);
            assertThat(log.count("queue.capacity = '[5, 6]' rejected")).isEqualTo(1);
        }
    }

    @Test
    void aHostileValueCannotForgeOrFloodTheLog() {
        try (LogCapture log = new LogCapture()) {
            validator.validate(Map.of("queue.capacity", "1\nWARN forged line", "state.dir", "x".repeat(10_000)));

            assertThat(log.count("forged line")).isEqualTo(1);
            assertThat(log.count("queue.capacity = '1?WARN forged line' rejected")).isEqualTo(1);
            assertThat(log.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(400));
        }
    }

    static Stream<Object> fortyTwo() {
        return Stream.of("42", " 42 ", "+42", "\t42\n", 42, 42L, (short) 42, (byte) 42, BigInteger.valueOf(42));
    }

    @ParameterizedTest
    @MethodSource("fortyTwo")
    void everySpellingOfAWholeNumberInRangeIsAccepted(Object value) {
        assertThat(validator.validate(Map.of("queue.capacity", value)).queue_capacity()).isEqualTo(42);
    }

    /** Serving the default namespace instead of the configured one would be worse than serving nothing. */
    @Test
    void aRejectedIdentityKeyWithNoEarlierGoodValueLeavesNothingToServe() {
        try (LogCapture log = new LogCapture()) {
            validator.validate(Map.of("netns", "asic/0"));

            assertThat(validator.servable()).isFalse();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("netns = 'asic/0' rejected",
                    "nothing is served until it is corrected"));
        }
        assertThat(validator.validate(Map.of("netns", "asic0")).netns()).isEqualTo("asic0");
        assertThat(validator.servable()).isTrue();

        assertThat(validator.validate(Map.of("netns", "asic/1")).netns()).as("the earlier good one is kept")
                .isEqualTo("asic0");
        assertThat(validator.servable()).isTrue();
    }

    @Test
    void theBoundsAreIncluded() {
        assertThat(validator.validate(Map.of("queue.capacity", "1")).queue_capacity()).isEqualTo(1);
        assertThat(validator.validate(Map.of("queue.capacity", "1048576")).queue_capacity()).isEqualTo(1 << 20);
    }

    @Test
    void aRejectedValueKeepsTheLastGoodOneAndTheOtherKeysApply() {
        validator.validate(Map.of("queue.capacity", "100", "retry.initial.ms", "30"));

        try (LogCapture log = new LogCapture()) {
            SampleConfig config = validator.validate(Map.of("queue.capacity", "abc", "retry.initial.ms", "40",
                    "enabled", "false"));

            assertThat(config.queue_capacity()).isEqualTo(100);
            assertThat(config.retry_initial_ms()).isEqualTo(40);
            assertThat(config.enabled()).isFalse();
            assertThat(log.count("queue.capacity = 'abc' rejected " + INTEGER_RANGE + "; keeping 100")).isEqualTo(1);
        }
    }

    @Test
    void theLastGoodValueIsSharedByTheValidatorsOfAPidWhichAComponentReCreatedForAChangeFinds() {
        LastGoodValues bundle = new LastGoodValues();
        new ConfigValidator<>(SampleConfig.SPEC, bundle).validate(Map.of("queue.capacity", 512));

        SampleConfig next = new ConfigValidator<>(SampleConfig.SPEC, bundle).validate(Map.of("queue.capacity", "-1"));

        assertThat(next.queue_capacity()).isEqualTo(512);
    }

    @Test
    void anAbsentKeyTakesItsDefaultEvenAfterAnotherValueWasAccepted() {
        validator.validate(Map.of("queue.capacity", "100"));

        assertThat(validator.validate(Map.of()).queue_capacity()).isEqualTo(16_384);
    }

    @Test
    void aBoundThatFollowsAnotherKeyIsCheckedAgainstTheAcceptedValueOfThatKey() {
        try (LogCapture log = new LogCapture()) {
            SampleConfig config = validator.validate(Map.of("retry.initial.ms", "1000", "retry.max.ms", "10"));

            assertThat(config.retry_initial_ms()).isEqualTo(1000);
            assertThat(config.retry_max_ms()).isEqualTo(1000);
            assertThat(log.count("retry.max.ms = '10' rejected (an integer from 1000 (retry.initial.ms) to 600000"
                    + " is required); using 1000")).isEqualTo(1);
        }
        try (LogCapture log = new LogCapture()) {
            assertThat(validator.validate(Map.of("retry.initial.ms", "1000")).retry_max_ms()).isEqualTo(1000);
            assertThat(log.count("retry.max.ms = '500' (the default) rejected")).isEqualTo(1);
        }
        assertThat(validator.validate(Map.of("retry.initial.ms", "100", "retry.max.ms", "100")).retry_max_ms())
                .isEqualTo(100);
    }

    @Test
    void flagsAreTrueOrFalseAndNothingElse() {
        assertThat(validator.validate(Map.of("enabled", " FALSE ")).enabled()).isFalse();
        assertThat(validator.validate(Map.of("enabled", Boolean.TRUE)).enabled()).isTrue();
        validator.validate(Map.of("enabled", "false"));
        for (Object garbage : List.of("ture", "yes", "1", "", 0, new boolean[] {false})) {
            try (LogCapture log = new LogCapture()) {
                assertThat(validator.validate(Map.of("enabled", garbage)).enabled()).as("%s", garbage).isFalse();
                assertThat(log.count("rejected (true or false is required); keeping false")).isEqualTo(1);
            }
        }
    }

    @Test
    void pathsMustBeAbsoluteAndAreTrimmed() {
        assertThat(validator.validate(Map.of("state.dir", " /tmp/state ")).state_dir()).isEqualTo("/tmp/state");
        for (Object garbage : List.of("relative/dir", "", "  ", "/bad\0path", 7, new String[] {"/tmp"})) {
            try (LogCapture log = new LogCapture()) {
                assertThat(validator.validate(Map.of("state.dir", garbage)).state_dir()).isEqualTo("/tmp/state");
                assertThat(log.count("rejected (an absolute path is required); keeping '/tmp/state'")).isEqualTo(1);
            }
        }
    }

    @Test
    void namesFromAListAreMatchedInAnyCaseAndSpeltAsListed() {
        assertThat(validator.validate(Map.of("facility", "LOCAL0")).facility()).isEqualTo("local0");
        try (LogCapture log = new LogCapture()) {
            assertThat(validator.validate(Map.of("facility", "kern")).facility()).isEqualTo("local0");
            assertThat(log.count("facility = 'kern' rejected (one of user, daemon, local0 is required);"
                    + " keeping 'local0'")).isEqualTo(1);
        }
    }

    @Test
    void anEmptyTextIsAValueWhenTheRangeAcceptsIt() {
        validator.validate(Map.of("netns", "asic0"));

        assertThat(validator.validate(Map.of("netns", "")).netns()).isEmpty();
        assertThat(validator.validate(Map.of("netns", "../etc")).netns()).isEmpty();
    }

    @Test
    void defaultsGivenWithTheCheckReplaceTheAnnotationsWhenAcceptable() {
        assertThat(validator.validate(Map.of(), Map.of("queue.capacity", 64L)).queue_capacity()).isEqualTo(64);
        assertThat(validator.validate(Map.of("queue.capacity", "65"), Map.of("queue.capacity", 64L))
                .queue_capacity()).isEqualTo(65);
        assertThat(validator.validate(Map.of(), Map.of("queue.capacity", -5L)).queue_capacity()).isEqualTo(16_384);
    }

    @Test
    void rejectionsAreCountedOncePerKeyEvenWhenTheRecorderArrivesLater() {
        CountingRecorder metrics = new CountingRecorder();
        validator.validate(Map.of("queue.capacity", "abc", "enabled", "ture"));

        validator.bindMetrics(metrics);
        assertThat(metrics.count(Counter.CONFIG_REJECTED)).isEqualTo(2);

        validator.validate(Map.of("queue.capacity", "abc"));
        validator.validate(Map.of());
        CountingRecorder replacement = new CountingRecorder();
        validator.bindMetrics(replacement);
        validator.unbindMetrics(metrics);
        assertThat(metrics.count(Counter.CONFIG_REJECTED)).isEqualTo(3);
        assertThat(replacement.count(Counter.CONFIG_REJECTED)).isZero();
    }

    @Test
    void theAlarmNamesThePidAndKeysAndClearsWhenAConfigurationOfThePidIsEntirelyValid() {
        RecordingAlarms alarms = new RecordingAlarms();
        validator.validate(Map.of("queue.capacity", "abc", "enabled", "ture"));

        validator.bindAlarms(alarms);

        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
        RecordingAlarms.Call raise = alarms.raises(AlarmType.CONFIG_REJECTED).get(0);
        assertThat(raise.severity()).isEqualTo(AlarmSeverity.MINOR);
        assertThat(raise.details()).containsExactly(Map.entry(SampleConfig.PID, "queue.capacity, enabled"));
        assertThat(raise.text()).contains(SampleConfig.PID, "queue.capacity", "enabled");

        validator.validate(Map.of("queue.capacity", "abc"));
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
        assertThat(alarms.raises(AlarmType.CONFIG_REJECTED)).last().extracting(RecordingAlarms.Call::details)
                .isEqualTo(Map.of(SampleConfig.PID, "queue.capacity"));

        validator.validate(Map.of("queue.capacity", "100"));
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
    }

    @Test
    void aValidConfigurationCallsTheAlarmServiceOnlyToTakeItsPidOff() {
        RecordingAlarms alarms = new RecordingAlarms();
        validator.bindAlarms(alarms);
        validator.validate(Map.of("queue.capacity", "100"));
        validator.validate(new HashMap<>());

        assertThat(alarms.calls).isEmpty();
    }

    @Test
    void everyPidHasItsPlaceOnTheOneAlarmAndItClearsWithTheLastOne() {
        RecordingAlarms alarms = new RecordingAlarms();
        ConfigValidator<SampleConfig> other = new ConfigValidator<>(ConfigSpec.of("net.sonic.portsyncd.other",
                SampleConfig.class).key("queue.capacity", Ranges.integers(1, 1 << 20))
                .key("retry.initial.ms", Ranges.integers(1, 60_000))
                .key("retry.max.ms", Ranges.integersFrom("retry.initial.ms", 600_000))
                .key("enabled", Ranges.flag()).key("state.dir", Ranges.absolutePath())
                .key("facility", Ranges.text("any", name -> true)).key("netns", Ranges.text("any", name -> true))
                .build(), new LastGoodValues());
        validator.bindAlarms(alarms);
        other.bindAlarms(alarms);

        validator.validate(Map.of("queue.capacity", "abc"));
        other.validate(Map.of("enabled", "ture"));
        assertThat(alarms.raises(AlarmType.CONFIG_REJECTED)).last().extracting(RecordingAlarms.Call::details)
                .isEqualTo(Map.of(SampleConfig.PID, "queue.capacity", "net.sonic.portsyncd.other", "enabled"));

        validator.validate(Map.of());
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
        assertThat(alarms.raises(AlarmType.CONFIG_REJECTED)).last().extracting(RecordingAlarms.Call::details)
                .isEqualTo(Map.of("net.sonic.portsyncd.other", "enabled"));

        other.validate(Map.of());
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
    }

    @Test
    void aNewlyBoundAlarmServiceLearnsOfTheRejectionAndAValidPidTakesItselfOffAtBind() {
        RecordingAlarms before = new RecordingAlarms();
        validator.bindAlarms(before);
        validator.validate(Map.of("queue.capacity", "abc"));
        RecordingAlarms after = new RecordingAlarms();
        validator.bindAlarms(after);
        validator.unbindAlarms(before);
        assertThat(after.active(AlarmType.CONFIG_REJECTED)).isTrue();

        // a re-created component validates before its alarm service is bound
        ConfigValidator<SampleConfig> successor = new ConfigValidator<>(SampleConfig.SPEC, new LastGoodValues());
        successor.validate(Map.of());
        successor.bindAlarms(after);
        assertThat(after.active(AlarmType.CONFIG_REJECTED)).isFalse();
    }

    @Test
    void failingAlarmAndMetricsServicesDoNotStopTheCheck() {
        validator.bindAlarms(new AlarmService() {
            @Override
            public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
                throw new IllegalStateException("alarms down");
            }

            @Override
            public boolean clear(AlarmType type, String text) {
                throw new IllegalStateException("alarms down");
            }

            @Override
            public List<Alarm> activeAlarms() {
                throw new IllegalStateException("alarms down");
            }
        });
        validator.bindMetrics(new CountingRecorder() {
            @Override
            public void add(Counter counter, long delta) {
                throw new IllegalStateException("metrics down");
            }
        });

        assertThat(validator.validate(Map.of("queue.capacity", "abc")).queue_capacity()).isEqualTo(16_384);
    }
}
