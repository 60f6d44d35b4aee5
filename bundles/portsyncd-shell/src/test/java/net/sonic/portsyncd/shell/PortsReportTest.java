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
        assertThat(lines.get(0)).containsSubsequence("name", "ifindex", "admin_status", "netdev_oper_status", "mtu",
                "last_change");
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
        assertThat(first.get("admin_status").asText()).isEqualTo("up");
        assertThat(first.get("netdev_oper_status").asText()).isEqualTo("down");
        assertThat(first.get("mtu").asLong()).isEqualTo(9100);
        assertThat(first.get("last_change_at_millis").asLong()).isEqualTo(1_700_000_000_123L);
    }

    /**
     * One vocabulary for a port: the table's header and the JSON's field names are STATE_DB PORT_TABLE's (those the
     * JMX Ports table uses too), and states are its words, never Admin/adminStatus/adminUp or true/false.
     */
    @Test
    void tableAndJsonSpeakStateDbsVocabulary() throws Exception {
        List<String> header = List.of(Rendered.of(PortsReport.table(List.of(ETHERNET0)), true).lines().findFirst()
                .orElseThrow().trim().split("[\\s\u2502|]+"));
        JsonNode port = new ObjectMapper().readTree(PortsReport.json(List.of(ETHERNET0, ETHERNET4))).get(1);
        List<String> jsonFields = new java.util.ArrayList<>();
        port.fieldNames().forEachRemaining(jsonFields::add);

        for (String field : List.of(PortView.ADMIN_STATUS, PortView.NETDEV_OPER_STATUS, PortView.MTU)) {
            assertThat(header).contains(field);
            assertThat(jsonFields).contains(field);
        }
        assertThat(List.of("admin_status", "netdev_oper_status", "mtu")).containsExactly(PortView.ADMIN_STATUS,
                PortView.NETDEV_OPER_STATUS, PortView.MTU);
        assertThat(jsonFields).containsExactly("name", "ifindex", "admin_status", "netdev_oper_status", "mtu",
                "last_change_at_millis");
        assertThat(header).containsExactly("name", "ifindex", "admin_status", "netdev_oper_status", "mtu",
                "last_change");
        assertThat(port.get("admin_status").asText()).isEqualTo("down");
        assertThat(Rendered.rows(PortsReport.table(List.of(ETHERNET4))).get(0)).contains("down")
                .doesNotContain("false", "true");
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

    /** The engine lists ports in SONiC's order; a selection keeps it, whatever order the names were typed in. */
    @Test
    void selectKeepsSonicsOrder() throws Exception {
        List<PortView> ports = java.util.stream.Stream.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet100")
                .map(name -> new PortView(name, 1, true, true, 9100, 1)).toList();

        assertThat(PortsReport.select(ports, List.of("Ethernet100", "Ethernet8", "Ethernet0", "Ethernet8")))
                .extracting(PortView::name).containsExactly("Ethernet0", "Ethernet8", "Ethernet100");
        assertThat(PortsReport.select(ports, null)).isEqualTo(ports);
        assertThat(Rendered.rows(PortsReport.table(ports))).extracting(row -> row.get(0))
                .containsExactly("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet100");
    }

    @Test
    void selectNamesEveryUnknownPort() {
        assertThatThrownBy(() -> PortsReport.select(List.of(ETHERNET0), List.of("Ethernet8", "Ethernet0", "bogus")))
                .isInstanceOf(CommandException.class)
                .hasMessage("Unknown port(s): Ethernet8, bogus");
    }
}
