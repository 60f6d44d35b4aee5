package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkMessageType;
import net.sonic.portsyncd.api.sync.PortView;
import org.junit.jupiter.api.Test;

class PortRegistryTest {

    @Test
    void operatorsSeeThePortsInSonicsOrder() {
        PortRegistry registry = new PortRegistry();
        int ifindex = 10;
        for (String name : List.of("Ethernet100", "Ethernet8", "Ethernet0", "Ethernet12", "Ethernet4")) {
            registry.written(new LinkEvent(LinkMessageType.NEW_LINK, 0, ifindex++, LinkEvent.IFF_UP, 0, name, 9100, 0,
                    null, 6, 1, null, 0, 0), 1_700_000_000_000L);
        }

        assertThat(registry.views()).extracting(PortView::name)
                .containsExactly("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12", "Ethernet100");
    }
}
