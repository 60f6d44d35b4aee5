package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keystore password, kept in a file of Config Admin's secrets directory (Karaf's {@code etc/}) so that no
 * configuration holds it: Jetty's configuration names it {@code $[secret:<name>]}, which Config Admin's
 * interpolation plugin replaces only in what it hands to Pax Web, and this class reads the same file for JMX. Read
 * as the plugin reads it (the whole file, trimmed); refused when it is a link, not a regular file, open to group or
 * others, empty, or not printable ASCII (the plugin decodes with the platform charset, so anything else could read
 * differently there).
 */
final class SecretFile {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int MAX_BYTES = 4096;

    private SecretFile() {
    }

    /** The placeholder that Config Admin replaces by the content of secret {@code name}. */
    static String placeholder(String name) {
        return "$[secret:" + name + "]";
    }

    static char[] read(Path directory, String name) throws RemoteAccessException {
        if (!NAME.matcher(name).matches()) {
            throw new RemoteAccessException("password.secret = " + name + " is not a file name of " + directory);
        }
        Path file = directory.resolve(name);
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RemoteAccessException("the keystore password file " + file + " does not exist: write the "
                    + "password into it, alone, and chmod 600 it");
        } catch (IOException e) {
            throw new RemoteAccessException("cannot read the keystore password file " + file + ": " + e, e);
        }
        if (!attributes.isRegularFile()) {
            throw new RemoteAccessException("the keystore password file " + file + " is "
                    + (attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file") + "; refused");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new RemoteAccessException("the keystore password file " + file + " is open to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); refused: chmod 600 it");
        }
        String text = new String(content(file), StandardCharsets.ISO_8859_1).trim();
        if (text.isEmpty()) {
            throw new RemoteAccessException("the keystore password file " + file + " is empty");
        }
        if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new RemoteAccessException("the keystore password in " + file + " is not printable ASCII");
        }
        return text.toCharArray();
    }

    private static byte[] content(Path file) throws RemoteAccessException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > MAX_BYTES) {
                throw new RemoteAccessException("the keystore password file " + file + " is larger than "
                        + MAX_BYTES + " bytes; refused");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until the whole file is in
            }
            return buffer.array();
        } catch (IOException e) {
            throw new RemoteAccessException("cannot read the keystore password file " + file + ": " + e, e);
        }
    }
}
