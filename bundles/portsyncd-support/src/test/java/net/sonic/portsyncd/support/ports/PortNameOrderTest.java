package net.sonic.portsyncd.support.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The expected orders are what Python's {@code natsort.natsorted} (8.4.0) gives for the same names, except for names
 * it finds equal, which it leaves in their input order.
 */
class PortNameOrderTest {

    @Test
    void portsSortByTheirNumberAsSonicListsThem() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= 124; i += 4) {
            names.add("Ethernet" + i);
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(7));

        shuffled.sort(PortNameOrder.NATURAL);

        assertThat(shuffled).isEqualTo(names);
        assertThat(sorted("Ethernet100", "Ethernet4", "Ethernet0", "Ethernet8", "Ethernet12"))
                .containsExactly("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12", "Ethernet100");
    }

    @Test
    void everyNumberInTheNameCountsAndTextComparesAsText() {
        assertThat(sorted("Ethernet1/10", "Ethernet1/2", "Ethernet10/1", "Ethernet2/1"))
                .containsExactly("Ethernet1/2", "Ethernet1/10", "Ethernet2/1", "Ethernet10/1");
        assertThat(sorted("PortChannel10", "Ethernet8", "PortChannel2", "Ethernet-BP0", "Ethernet"))
                .containsExactly("Ethernet", "Ethernet8", "Ethernet-BP0", "PortChannel2", "PortChannel10");
        assertThat(sorted("eth1", "Ethernet1", "4", "10"))
                .containsExactly("4", "10", "Ethernet1", "eth1");
    }

    @Test
    void numbersOfAnyLengthCompareByValue() {
        assertThat(sorted("Ethernet99999999999999999999", "Ethernet100000000000000000000", "Ethernet7"))
                .containsExactly("Ethernet7", "Ethernet99999999999999999999", "Ethernet100000000000000000000");
    }

    @Test
    void theOrderIsTotalAndAgreesWithEquals() {
        assertThat(sorted("Ethernet1", "Ethernet01", "Ethernet001")).containsExactly("Ethernet001", "Ethernet01",
                "Ethernet1");
        TreeSet<String> set = new TreeSet<>(PortNameOrder.NATURAL);
        set.addAll(List.of("Ethernet1", "Ethernet01", "", "0", "Ethernet1"));
        assertThat(set).containsExactly("", "0", "Ethernet01", "Ethernet1");
        assertThat(PortNameOrder.NATURAL.compare("Ethernet4", "Ethernet4")).isZero();
    }

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        list.sort(PortNameOrder.NATURAL);
        return list;
    }
}
