package net.sonic.portsyncd.testkit;

/** The management interface of {@link SampleCounter}: an attribute to read and write, and an operation. */
public interface SampleCounterMBean {
    int getValue();

    void setValue(int value);

    void reset();
}
