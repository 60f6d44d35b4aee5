package net.sonic.portsyncd.support.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import net.sonic.portsyncd.support.config.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory that only this process's user may use, opened for one piece of work. Opening refuses what is at the
 * path when it is a symbolic link, not a directory, or a directory of another user ({@link RefusedPathException}),
 * creates a missing one with mode 0700, and takes group and other permissions away from an existing one (logged).
 *
 * <p>The directory is opened without following a link (O_NOFOLLOW) and every operation works relative to that open
 * directory (openat, renameat, unlinkat), so swapping the path for a link after the checks cannot redirect a read,
 * a write or a delete. Entries are inspected without following links; files are written 0600 through a temporary
 * file created exclusively (never through a link) and renamed over the target.
 */
public final class PrivateDirectory implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> FOR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int TEMPORARY_NAME_ATTEMPTS = 16;

    private final Path path;
    private final SecureDirectoryStream<Path> directory;

    private PrivateDirectory(Path path, SecureDirectoryStream<Path> directory) {
        this.path = path;
        this.directory = directory;
    }

    /** Opens the directory at {@code path}, creating it (and missing parents) when nothing is there. */
    public static PrivateDirectory create(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (describe(absolute).isEmpty()) {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            makeDirectory(absolute);
        }
        return existing(absolute).orElseThrow(() -> new NoSuchFileException(absolute.toString(), null,
                "removed while being opened"));
    }

    /** Opens the directory at {@code path}; empty when nothing is there. */
    public static Optional<PrivateDirectory> existing(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Optional<PosixFileAttributes> found = describe(absolute);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        refuseUnlessDirectory(absolute, found.get());
        Path parent = absolute.getParent();
        if (parent == null) {
            return Optional.of(verified(absolute, secure(Files.newDirectoryStream(absolute))));
        }
        try (SecureDirectoryStream<Path> parentDirectory = secure(Files.newDirectoryStream(parent))) {
            return Optional.of(opened(absolute, parentDirectory, absolute.getFileName()));
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** What is at {@code name}, never following a link; empty when nothing is. */
    public Optional<PosixFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(directory.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            throw located(e, resolve(name));
        }
    }

    /**
     * The refusal of what is at {@code name} as a file to read or replace (a symbolic link, a directory, a special
     * file); empty when it is a regular file or nothing.
     */
    public Optional<RefusedPathException> fileRefusal(String name) throws IOException {
        Optional<PosixFileAttributes> found = attributes(name);
        if (found.isEmpty() || found.get().isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new RefusedPathException(resolve(name), what(resolve(name), found.get())));
    }

    /**
     * The refusal of what is at {@code name} as a subdirectory (a symbolic link, not a directory, a directory of
     * another user); empty when it is a directory of this process's user or nothing.
     */
    public Optional<RefusedPathException> directoryRefusal(String name) throws IOException {
        Optional<PosixFileAttributes> found = attributes(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            refuseUnlessDirectory(resolve(name), found.get());
            refuseUnlessOwn(resolve(name), found.get());
            return Optional.empty();
        } catch (RefusedPathException e) {
            return Optional.of(e);
        }
    }

    /** Opens the regular file {@code name} for reading; never through a link. Empty when nothing is there. */
    public Optional<SeekableByteChannel> openForReading(String name) throws IOException {
        Optional<RefusedPathException> refusal = fileRefusal(name);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        try {
            return Optional.of(directory.newByteChannel(Path.of(name),
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            throw located(e, resolve(name));
        }
    }

    /**
     * Replaces {@code name} with {@code content} atomically: a reader sees the old content or the new, never a
     * mix. Refused when a link, a directory or a special file is at {@code name}.
     */
    public void replace(String name, byte[] content) throws IOException {
        Optional<RefusedPathException> refusal = fileRefusal(name);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        Temporary temporary = createTemporary(name);
        try {
            try (SeekableByteChannel channel = temporary.channel()) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                force(channel);
            }
            move(temporary.name().toString(), name);
            sync();
        } finally {
            deleteIfPresent(temporary.name());
        }
    }

    /** Renames {@code from} to {@code to} within this directory (an entry at {@code to} is replaced, not followed). */
    public void rename(String from, String to) throws IOException {
        move(from, to);
        sync();
    }

    /**
     * Deletes {@code name} when it is a regular file of this process's user; anything else (a link, a directory, a
     * file of another user) stays. False when nothing was deleted.
     */
    public boolean deleteOwnFile(String name) throws IOException {
        Optional<PosixFileAttributes> found = attributes(name);
        if (found.isEmpty() || !found.get().isRegularFile() || !ofThisUser(found.get())) {
            return false;
        }
        return deleteIfPresent(Path.of(name));
    }

    /** The names of the directory's entries, in no particular order. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = directory.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (FileSystemException e) {
            throw located(e, path);
        }
        return names;
    }

    /**
     * Opens the subdirectory {@code name} as a private directory, creating it when {@code create} and nothing is
     * there; empty when nothing is there and {@code create} is false.
     */
    public Optional<PrivateDirectory> subdirectory(String name, boolean create) throws IOException {
        Path child = resolve(name);
        Optional<PosixFileAttributes> found = attributes(name);
        if (found.isEmpty()) {
            if (!create) {
                return Optional.empty();
            }
            makeDirectory(child);
            found = attributes(name);
            if (found.isEmpty()) {
                throw new NoSuchFileException(child.toString(), null, "removed while being opened");
            }
        }
        refuseUnlessDirectory(child, found.get());
        return Optional.of(opened(child, directory, Path.of(name)));
    }

    /** Makes the renames and deletions done in the directory durable. */
    public void sync() throws IOException {
        try (SeekableByteChannel self = directory.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            force(self);
        } catch (FileSystemException e) {
            throw located(e, path);
        }
    }

    @Override
    public void close() throws IOException {
        directory.close();
    }

    /** True when what {@code found} describes belongs to this process's user. */
    public static boolean ofThisUser(PosixFileAttributes found) {
        return ProcessUser.current().owns(found.owner());
    }

    /** What is at {@code path} in words, for a log line: {@code a symbolic link to '/tmp/x'}, {@code a directory}. */
    public static String what(Path path, PosixFileAttributes found) {
        if (found.isSymbolicLink()) {
            try {
                return "a symbolic link to " + Printable.quoted(Files.readSymbolicLink(path));
            } catch (IOException e) {
                return "a symbolic link";
            }
        }
        if (found.isDirectory()) {
            return "a directory";
        }
        if (found.isRegularFile()) {
            return "a regular file";
        }
        return "a special file (device, FIFO or socket)";
    }

    private static Optional<PosixFileAttributes> describe(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void makeDirectory(Path path) throws IOException {
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            LOG.info("Created {} (mode 0700)", path);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by someone else: checked like any existing one
        }
    }

    private static void refuseUnlessDirectory(Path path, PosixFileAttributes found) throws RefusedPathException {
        if (!found.isDirectory() || found.isSymbolicLink()) {
            throw new RefusedPathException(path, what(path, found) + ", not a directory");
        }
    }

    private static void refuseUnlessOwn(Path path, PosixFileAttributes found) throws RefusedPathException {
        if (!ofThisUser(found)) {
            throw new RefusedPathException(path, "a directory owned by " + Printable.quoted(found.owner().getName())
                    + ", not by this process's user (" + ProcessUser.current() + ")");
        }
    }

    /** Opens {@code name} of {@code parent} without following a link, then checks the directory actually opened. */
    private static PrivateDirectory opened(Path path, SecureDirectoryStream<Path> parent, Path name)
            throws IOException {
        try {
            return verified(path, parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            throw located(e, path);
        }
    }

    private static PrivateDirectory verified(Path path, SecureDirectoryStream<Path> opened) throws IOException {
        try {
            PosixFileAttributeView view = opened.getFileAttributeView(PosixFileAttributeView.class);
            PosixFileAttributes found = view.readAttributes();
            refuseUnlessOwn(path, found);
            Set<PosixFilePermission> permissions = found.permissions();
            if (permissions.stream().anyMatch(FOR_OTHERS::contains)) {
                Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
                permissions.stream().filter(permission -> !FOR_OTHERS.contains(permission)).forEach(ownerOnly::add);
                view.setPermissions(ownerOnly);
                LOG.warn("Permissions of {} tightened from {} to {}: only its owner may use it", path,
                        PosixFilePermissions.toString(permissions), PosixFilePermissions.toString(ownerOnly));
            }
            return new PrivateDirectory(path, opened);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("this platform cannot open directories without following links (no openat)");
    }

    /**
     * A new, empty 0600 file beside {@code name}, open for writing, named {@code .<name>.<digits>.tmp} as the
     * stores' cleanup of files left by a crash expects.
     */
    private Temporary createTemporary(String name) throws IOException {
        Set<OpenOption> exclusive = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        for (int attempt = 1; ; attempt++) {
            Path temporary = Path.of("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return new Temporary(temporary, directory.newByteChannel(temporary, exclusive, OWNER_ONLY_FILE));
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMPORARY_NAME_ATTEMPTS) {
                    throw located(e, path.resolve(temporary));
                }
            } catch (FileSystemException e) {
                throw located(e, path.resolve(temporary));
            }
        }
    }

    private boolean deleteIfPresent(Path name) throws IOException {
        try {
            directory.deleteFile(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            throw located(e, path.resolve(name));
        }
    }

    private void move(String from, String to) throws IOException {
        try {
            directory.move(Path.of(from), directory, Path.of(to));
        } catch (FileSystemException e) {
            throw located(e, resolve(to));
        }
    }

    /**
     * The failure of an operation relative to an open directory names only the entry; the same failure naming the
     * whole path, so that a log line says where it happened.
     */
    private static FileSystemException located(FileSystemException e, Path whole) {
        String file = whole.toString();
        FileSystemException named;
        if (e instanceof AccessDeniedException) {
            named = new AccessDeniedException(file, null, e.getReason());
        } else if (e instanceof NoSuchFileException) {
            named = new NoSuchFileException(file, null, e.getReason());
        } else if (e instanceof FileAlreadyExistsException) {
            named = new FileAlreadyExistsException(file, null, e.getReason());
        } else {
            named = new FileSystemException(file, null, e.getReason());
        }
        named.initCause(e);
        return named;
    }

    private record Temporary(Path name, SeekableByteChannel channel) {
    }

    private static void force(SeekableByteChannel channel) throws IOException {
        if (!(channel instanceof FileChannel file)) {
            throw new IOException("cannot flush " + channel.getClass().getName() + " to disk");
        }
        file.force(true);
    }
}
