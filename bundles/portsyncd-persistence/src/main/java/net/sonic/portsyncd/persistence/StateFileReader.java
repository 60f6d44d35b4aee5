package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import net.sonic.portsyncd.support.files.PrivateDirectory;

/**
 * Reads a candidate state file without trusting what sits at its path: a symbolic link is not followed (it
 * could point anywhere, e.g. at a file another user controls), a directory or FIFO is not opened (a FIFO would
 * block the reader), and an oversized file is not read.
 */
final class StateFileReader {
    private StateFileReader() {
    }

    /** The bytes of {@code name} in {@code directory}; empty when nothing exists there. */
    static Optional<byte[]> read(PrivateDirectory directory, String name) throws InvalidStateFileException {
        PosixFileAttributes attributes;
        try {
            Optional<PosixFileAttributes> found = directory.attributes(name);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            attributes = found.get();
        } catch (IOException e) {
            throw new InvalidStateFileException("cannot inspect: " + Reasons.ofFailure(e));
        }
        if (attributes.isSymbolicLink()) {
            throw new InvalidStateFileException("is a symbolic link; refusing to follow it");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidStateFileException(
                    "is not a regular file but a " + (attributes.isDirectory() ? "directory" : "special file"));
        }
        if (attributes.size() > StateFileFormat.MAX_FILE_BYTES) {
            throw new InvalidStateFileException(
                    "is " + attributes.size() + " bytes, more than the limit of " + StateFileFormat.MAX_FILE_BYTES);
        }
        // opened without following a link, relative to the open directory: the path cannot be swapped meanwhile
        try {
            Optional<SeekableByteChannel> opened = directory.openForReading(name);
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (SeekableByteChannel channel = opened.get()) {
                return Optional.of(readAll(channel, (int) attributes.size()));
            }
        } catch (InvalidStateFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidStateFileException("cannot read: " + Reasons.ofFailure(e));
        }
    }

    private static byte[] readAll(SeekableByteChannel channel, int expectedSize) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(expectedSize + 1);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            if (buffer.position() > StateFileFormat.MAX_FILE_BYTES) {
                throw new InvalidStateFileException("grew past the limit of " + StateFileFormat.MAX_FILE_BYTES
                        + " bytes while being read");
            }
            if (!buffer.hasRemaining()) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
