package net.sonic.portsyncd.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobFastTest {

    @Test
    void starMatchesAnyRunIncludingNone() {
        assertThat(Glob.matches("PORT|*", "PORT|Ethernet0")).isTrue();
        assertThat(Glob.matches("PORT|*", "PORT|")).isTrue();
        assertThat(Glob.matches("PORT|*", "PORTCHANNEL|PortChannel1")).isFalse();
        assertThat(Glob.matches("*0", "PORT|Ethernet0")).isTrue();
        assertThat(Glob.matches("*0", "PORT|Ethernet4")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(Glob.matches("Ethernet?", "Ethernet4")).isTrue();
        assertThat(Glob.matches("Ethernet?", "Ethernet")).isFalse();
        assertThat(Glob.matches("Ethernet?", "Ethernet12")).isFalse();
    }

    @Test
    void classesTakeRangesAndNegation() {
        assertThat(Glob.matches("Ethernet[0-4]", "Ethernet3")).isTrue();
        assertThat(Glob.matches("Ethernet[0-4]", "Ethernet8")).isFalse();
        assertThat(Glob.matches("Ethernet[^0-4]", "Ethernet8")).isTrue();
        assertThat(Glob.matches("Ethernet[^0-4]", "Ethernet3")).isFalse();
        assertThat(Glob.matches("[ab]x", "bx")).isTrue();
    }

    @Test
    void escapedMetacharactersAreLiteral() {
        assertThat(Glob.matches("P\\*RT|*", "P*RT|x")).isTrue();
        assertThat(Glob.matches("P\\*RT|*", "PORT|x")).isFalse();
        assertThat(Glob.matches("T\\[1\\]|*", "T[1]|x")).isTrue();
        assertThat(Glob.matches("T\\[1\\]|*", "T1|x")).isFalse();
    }
}
