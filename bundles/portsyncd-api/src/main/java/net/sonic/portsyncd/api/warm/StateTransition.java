package net.sonic.portsyncd.api.warm;

/** One lifecycle state change, stamped with wall-clock milliseconds. */
public record StateTransition(LifecycleState from, LifecycleState to, long atMillis) {
}
