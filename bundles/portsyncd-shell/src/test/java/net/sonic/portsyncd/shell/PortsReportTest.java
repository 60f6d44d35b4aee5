package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import net.sonic.portsyncd.api.sync.PortView;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class PortsReportTest {
    private static final PortView ETHERNET0 = new PortView("Ethernet0", 12, true, false, 9100, 1_700_000_000_123L);
    private static final PortView ETHERNET4 = new PortView("Ethernet4", 13, false, false, 1500, 0);

    @Test
    void scriptFormHasOneTabSeparatedRowPerPortWithStatesAsWords() {
        assertThat(Rendered.rows(PortsReport.table(List.of(ETHERNET0, ETHERNET4)))).containsExactly(
                List.of("Ethernet0", "12", "up", "down", "9100", "2023-11-14T22:13:20.123Z"),
                List.of("Ethernet4", "13", "down", "down", "1500", "never"));
    }

    @Test
    void formattedTableHasAHeaderAndARule() {
        List<String> lines = Rendered.of(PortsReport.table(List.of(ETHERNET0)), true).lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).containsSubsequence("Name", "Ifindex", "Admin", "Oper", "MTU", "Last change");
        assertThat(lines.get(1)).matches("[-+\\u2500\\u253c]+");
        assertThat(lines.get(2)).containsSubsequence("Ethernet0", "12", "up", "down", "9100");
    }

    @Test
    void emptyTableSaysSo() {
        assertThat(Rendered.of(PortsReport.table(List.of()), true)).contains("no ports");
    }

    @Test
    void jsonIsAnArrayWithStableFieldNames() throws Exception {
        JsonNode array = new ObjectMapper().readTree(PortsReport.json(List.of(ETHERNET0, ETHERNET4)));

        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode first = array.get(0);
        assertThat(first.get("name").asText()).isEqualTo("Ethernet0");
        assertThat(first.get("ifindex").asInt()).isEqualTo(12);
        assertThat(first.get("adminStatus").asText()).isEqualTo("up");
        assertThat(first.get("operStatus").asText()).isEqualTo("down");
        assertThat(first.get("mtu").asLong()).isEqualTo(9100);
        assertThat(first.get("lastChangeMillis").asLong()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void jsonEscapesHostileNames() throws Exception {
        PortView odd = new PortView("Eth\"er\\net\n0", 1, true, true, 1500, 1);

        JsonNode array = new ObjectMapper().readTree(PortsReport.json(List.of(odd)));

        assertThat(array.get(0).get("name").asText()).isEqualTo("Eth\"er\\net\n0");
    }

    @Test
    void emptyJsonIsAnEmptyArray() throws Exception {
        assertThat(new ObjectMapper().readTree(PortsReport.json(List.of())).size()).isZero();
    }

    @Test
    void selectKeepsTheRequestedOrder() throws Exception {
        assertThat(PortsReport.select(List.of(ETHERNET0, ETHERNET4), List.of("Ethernet4", "Ethernet0")))
                .containsExactly(ETHERNET4, ETHERNET0);
        assertThat(PortsReport.select(List.of(ETHERNET0, ETHERNET4), null)).containsExactly(ETHERNET0, ETHERNET4);
    }

    @Test
    void selectNamesEveryUnknownPort() {
        assertThatThrownBy(() -> PortsReport.select(List.of(ETHERNET0), List.of("Ethernet8", "Ethernet0", "bogus")))
                .isInstanceOf(CommandException.class)
                .hasMessage("Unknown port(s): Ethernet8, bogus");
    }
}
