package net.sonic.portsyncd.support.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What sits at a path portsyncd writes is not what it may use: a symbolic link, a directory where a file belongs
 * or the reverse, a special file, or a directory of another user. The message names the path and what was found.
 */
public final class RefusedPathException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String found;

    public RefusedPathException(Path path, String found) {
        super(path + " is " + found + "; refused");
        this.path = path;
        this.found = found;
    }

    public Path path() {
        return path;
    }

    /** What is at the path, e.g. {@code a symbolic link to '/tmp/x'}. */
    public String found() {
        return found;
    }
}
