package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests of the private state directories look at on the real file system: another user to own what is
 * planted, a path's own permissions (a symbolic link's, not its target's), and what a directory holds.
 */
public final class PosixFiles {
    /** The uid of {@code nobody} on Debian, present on every machine the tests run on. */
    private static final int NOBODY = 65_534;

    private PosixFiles() {
    }

    /** The user {@code nobody}, for a file or directory of another user (setting an owner needs root). */
    public static UserPrincipal nobody() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("" + NOBODY);
    }

    /**
     * Creates {@code path} as another user's directory would be: owned by {@code nobody}, open for reading to all
     * ({@code rwxr-xr-x}). Setting an owner needs root.
     */
    public static Path directoryOfNobody(Path path) throws IOException {
        Files.createDirectory(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setOwner(path, nobody());
        return path;
    }

    /** The permissions of {@code path} itself, as {@code ls} prints them: {@code rwx------}. */
    public static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The names of the entries of {@code directory}, in no particular order. */
    public static List<String> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
