package net.sonic.portsyncd.api.db;

import java.time.Duration;
import java.util.List;

/** swss-common's ConsumerStateTable (what orchagent runs on APPL_DB PORT_TABLE). */
public interface ConsumerStateTable extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for a notification (or returns at once when entries are pending), then pops up
     * to the batch size. An entry with no fields is a DEL.
     */
    List<KeyOpFields> pop(Duration timeout);

    @Override
    void close();
}
