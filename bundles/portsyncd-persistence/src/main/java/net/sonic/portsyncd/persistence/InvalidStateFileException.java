package net.sonic.portsyncd.persistence;

import java.io.IOException;

/** A state file, or a snapshot about to be saved, breaks a rule of the format; the message is the reason. */
public final class InvalidStateFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidStateFileException(String reason) {
        super(reason);
    }
}
