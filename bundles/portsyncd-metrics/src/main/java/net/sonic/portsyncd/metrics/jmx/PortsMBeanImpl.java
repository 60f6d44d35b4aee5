package net.sonic.portsyncd.metrics.jmx;

import static net.sonic.portsyncd.metrics.jmx.OperatorCalls.call;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.metrics.PortsMBean;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.metrics.jmx.codec.PortRows;
import net.sonic.portsyncd.metrics.jmx.codec.ResyncResultData;
import net.sonic.portsyncd.metrics.jmx.codec.SyncStatusData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sync engine's ports as {@link PortsMBean}. */
public class PortsMBeanImpl implements PortsMBean {
    private static final Logger LOG = LoggerFactory.getLogger(PortsMBeanImpl.class);
    /** A JMX call blocks its connector thread; a resync of 4,096 ports takes well under this. */
    public static final Duration RESYNC_TIMEOUT = Duration.ofSeconds(60);

    private final PortSyncService engine;
    private final Duration resyncTimeout;

    public PortsMBeanImpl(PortSyncService engine, Duration resyncTimeout) {
        this.engine = engine;
        this.resyncTimeout = resyncTimeout;
    }

    @Override
    public TabularData getPorts() {
        return PortRows.tableOf(engine.ports());
    }

    @Override
    public int getPortCount() {
        return engine.ports().size();
    }

    @Override
    public CompositeData getStatus() {
        return SyncStatusData.of(engine.status());
    }

    @Override
    public CompositeData resync() {
        LOG.info("Resync requested over JMX");
        try {
            ResyncResult result = call("starting the resync", engine::resync).toCompletableFuture()
                    .get(resyncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Resync over JMX done: {}", result);
            return ResyncResultData.of(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the resync");
        } catch (ExecutionException e) {
            throw OperatorCalls.portable("the resync", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the resync did not finish within " + resyncTimeout.toSeconds()
                    + " s; it goes on in the background");
        }
    }
}
