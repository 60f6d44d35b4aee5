package net.sonic.portsyncd.netlink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.link.LinkMessageType;

/**
 * Keeps a view of the links the way a real listener must: apply each AF_UNSPEC event, and replace everything with
 * the kernel view on a resync. Optionally slow, to let the delivery queue fill.
 */
final class KernelViewListener implements LinkListener {
    private final long pauseNanosPerBatch;
    private final Map<Integer, IpLinks.IpLink> view = new LinkedHashMap<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    final AtomicInteger resyncs = new AtomicInteger();

    KernelViewListener(long pauseNanosPerBatch) {
        this.pauseNanosPerBatch = pauseNanosPerBatch;
    }

    @Override
    public void onLinkBatch(List<LinkEvent> batch) {
        if (pauseNanosPerBatch > 0) {
            LockSupport.parkNanos(pauseNanosPerBatch);
        }
        synchronized (this) {
            batch.forEach(this::apply);
        }
    }

    @Override
    public synchronized void onResyncComplete(List<LinkEvent> kernelView) {
        view.clear();
        names.clear();
        kernelView.forEach(this::apply);
        resyncs.incrementAndGet();
    }

    private void apply(LinkEvent event) {
        if (event.family() == LinkEvent.AF_BRIDGE) {
            return;
        }
        if (event.type() == LinkMessageType.DEL_LINK) {
            view.remove(event.ifindex());
            names.remove(event.ifindex());
            return;
        }
        names.put(event.ifindex(), event.name());
        view.put(event.ifindex(), new IpLinks.IpLink(event.ifindex(), event.name(), event.mtu(), event.adminUp(),
                event.master() == 0 ? null : String.valueOf(event.master())));
    }

    /** The view with masters given by name, as {@code ip} prints them. */
    synchronized Map<Integer, IpLinks.IpLink> view() {
        Map<Integer, IpLinks.IpLink> copy = new LinkedHashMap<>();
        view.forEach((ifindex, link) -> copy.put(ifindex, new IpLinks.IpLink(link.ifindex(), link.name(),
                link.mtu(), link.up(), link.master() == null ? null : names.get(Integer.parseInt(link.master())))));
        return copy;
    }
}
