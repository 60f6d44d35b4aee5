package net.sonic.portsyncd.api.warm;

public enum LifecycleState { COLD_START, WARM_START, INITIAL_SYNC_IN_PROGRESS, INITIAL_SYNC_COMPLETE }
