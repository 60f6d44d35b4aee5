package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the script bodies by their SHA1. The del and pops SHA1s are the ones seen in MONITOR traces of SONiC's own
 * daemons; set is the body of current swss-common (publish snippet appended, swss-common #895).
 */
class StateTableScriptsTest {

    @Test
    void shaOfEveryScriptIsPinned() {
        assertThat(StateTableScripts.SET.sha1()).isEqualTo("c7faa1a7e03275dadf2e8be09c0b6208cebff3f5");
        assertThat(StateTableScripts.DEL.sha1()).isEqualTo("88ba6312b8de850b3506966425174d8899aadd93");
        assertThat(StateTableScripts.POPS.sha1()).isEqualTo("88270a7c5c90583e56425aca8af8a4b8c39fe757");
    }

    @Test
    void publishSnippetKeepsItsTrailingBlank() {
        assertThat(StateTableScripts.SET.body()).endsWith("end\nif added > 0 then \n"
                + "    redis.call('PUBLISH', KEYS[1], ARGV[1])\nend\n");
    }
}
