package net.sonic.portsyncd.metrics.jmx.codec;

import static net.sonic.portsyncd.metrics.jmx.codec.OpenTypes.item;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.sync.ResyncResult;

/** {@link ResyncResult} as composite data. */
public final class ResyncResultData {
    private static final OpenTypes.Item[] ITEMS = {
        item("linksSeen", "Links in the netlink dump", SimpleType.INTEGER),
        item("rowsWritten", "STATE_DB rows written", SimpleType.INTEGER),
        item("rowsDeleted", "STATE_DB rows deleted", SimpleType.INTEGER),
        item("durationMillis", "Duration of the resync in milliseconds", SimpleType.LONG),
    };
    public static final CompositeType TYPE = OpenTypes.composite("net.sonic.portsyncd.ResyncResult",
            "What a resync changed in STATE_DB", ITEMS);

    private ResyncResultData() {
    }

    public static CompositeData of(ResyncResult result) {
        return OpenTypes.data(TYPE, ITEMS, result.linksSeen(), result.rowsWritten(), result.rowsDeleted(),
                result.durationMillis());
    }
}
