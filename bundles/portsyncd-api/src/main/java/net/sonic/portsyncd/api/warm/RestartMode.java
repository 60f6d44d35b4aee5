package net.sonic.portsyncd.api.warm;

public enum RestartMode { COLD, WARM }
