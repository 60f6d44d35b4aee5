package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellArgumentsTest {

    @Test
    void acceptsWholeNumbersInRange() throws Exception {
        assertThat(ShellArguments.count("--cleanup", "0")).isZero();
        assertThat(ShellArguments.count("--cleanup", " 5 ")).isEqualTo(5);
        assertThat(ShellArguments.count("--cleanup", "2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(ShellArguments.timeoutSeconds("set-timeout", "3600")).isEqualTo(Duration.ofHours(1));
        assertThat(ShellArguments.timeoutSeconds("set-timeout", "0")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "0x10", "2147483648", "99999999999999999999", "+3", "1e3", "٣"})
    void rejectsAnythingElseForACount(String value) {
        assertThatThrownBy(() -> ShellArguments.count("--cleanup", value))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("--cleanup expects a whole number from 0 to 2147483647, got '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "3601", "thirty", "30s"})
    void rejectsTimeoutsOutOfRangeOrNotNumbers(String value) {
        assertThatThrownBy(() -> ShellArguments.timeoutSeconds("set-timeout", value))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("set-timeout expects a whole number from 0 to 3600, got '" + value);
    }

    @Test
    void blankValueSaysWhatIsNeeded() {
        assertThatThrownBy(() -> ShellArguments.count("--cleanup", " "))
                .isInstanceOf(CommandException.class)
                .hasMessage("--cleanup needs a whole number from 0 to 2147483647");
    }

    @Test
    void echoShortensAndNeutralisesControlCharacters() {
        assertThat(ShellArguments.echo("a\u001b[31mb\n")).isEqualTo("'a?[31mb?'");
        assertThat(ShellArguments.echo("x".repeat(100))).isEqualTo("'" + "x".repeat(40) + "...'");
    }
}
