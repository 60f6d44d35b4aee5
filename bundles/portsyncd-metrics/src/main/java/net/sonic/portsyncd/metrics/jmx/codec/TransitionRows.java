package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import java.util.List;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import net.sonic.portsyncd.api.warm.StateTransition;

/** Lifecycle {@link StateTransition}s, indexed by their sequence number (1 = oldest). */
public final class TransitionRows {
    private static final OpenTypes.Item[] ITEMS = {
        item("sequence", "Position in this run, 1 = oldest", SimpleType.INTEGER),
        item("from", "State before", SimpleType.STRING),
        item("to", "State after", SimpleType.STRING),
        item("atMillis", "Wall-clock time, epoch milliseconds", SimpleType.LONG),
    };
    public static final CompositeType ROW = OpenTypes.composite("net.sonic.portsyncd.StateTransition",
            "A warm-restart lifecycle state change", ITEMS);
    public static final TabularType TABLE = OpenTypes.table("net.sonic.portsyncd.StateTransitions",
            "Lifecycle state changes of this run", ROW, "sequence");

    private TransitionRows() {
    }

    public static TabularData tableOf(List<StateTransition> transitions) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        int sequence = 0;
        for (StateTransition transition : transitions) {
            sequence++;
            table.put(OpenTypes.data(ROW, ITEMS, sequence, OpenTypes.text(transition.from()),
                    OpenTypes.text(transition.to()), transition.atMillis()));
        }
        return table;
    }
}
