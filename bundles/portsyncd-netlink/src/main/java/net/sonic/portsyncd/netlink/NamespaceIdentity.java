package net.sonic.portsyncd.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which network namespace a nsfs file stands for: the device and inode that stat(2) reports for it. A name under
 * {@link NetworkNamespace#RUN_DIRECTORY} is a bind mount of such a file, so comparing identities tells whether the
 * name still means the namespace a socket was opened in, without entering it. While a socket holds a namespace its
 * inode cannot be given to another one, so a different inode under the same name is a different namespace.
 */
record NamespaceIdentity(long device, long inode) {
    private static final Path OWN_THREAD = Path.of("/proc/thread-self/ns/net");

    /** The namespace the path names now, or null when there is nothing at the path (or it cannot be read). */
    static NamespaceIdentity of(Path path) {
        try {
            return read(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** The namespace the calling thread is in, which the sockets it opens belong to. */
    static NamespaceIdentity ofCallingThread() {
        try {
            return read(OWN_THREAD);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + OWN_THREAD, e);
        }
    }

    private static NamespaceIdentity read(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
        return new NamespaceIdentity((Long) attributes.get("dev"), (Long) attributes.get("ino"));
    }
}
