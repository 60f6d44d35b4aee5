package net.sonic.portsyncd.testkit;

/**
 * A standard MBean with one read-write attribute ({@code Value}) and one operation ({@code reset}), for the tests
 * of what stands between a caller and an MBeanServer: whether a read, a write or an invocation got through shows in
 * the value.
 */
public final class SampleCounter implements SampleCounterMBean {
    private int value;

    public SampleCounter() {
        this(0);
    }

    public SampleCounter(int value) {
        this.value = value;
    }

    @Override
    public synchronized int getValue() {
        return value;
    }

    @Override
    public synchronized void setValue(int value) {
        this.value = value;
    }

    @Override
    public synchronized void reset() {
        value = 0;
    }
}
