package net.sonic.portsyncd.api.state;

/** One backup of the state file. */
public record BackupFile(String fileName, long createdAtMillis, long sizeBytes) {
}
