package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Puts untrusted text into a one-line rejection reason without letting it forge or flood the log. */
final class Reasons {
    private static final int MAX_QUOTED = 40;

    private Reasons() {
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('"');
        for (int i = 0; i < text.length() && i < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            if (c < ' ' || c >= 0x7f || c == '"' || c == '\\') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (text.length() > MAX_QUOTED) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }

    /** One line of at most a few hundred printable characters. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String flat = message.replaceAll("[^\\x20-\\x7e]+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** The operating system's words for a failed file operation ("No space left on device", "Permission denied"). */
    static String ofFailure(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return oneLine(fileSystem.getReason());
        }
        return oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
