package net.sonic.portsyncd.api.metrics;

/** Severity of a raised alarm, highest first (ITU-T X.733 perceived severity without "cleared"). */
public enum AlarmSeverity { CRITICAL, MAJOR, MINOR, WARNING }
