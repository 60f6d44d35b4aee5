package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a candidate state file without trusting what sits at its path: a symbolic link is not followed (it
 * could point anywhere, e.g. at a file another user controls), a directory or FIFO is not opened (a FIFO would
 * block the reader), and an oversized file is not read.
 */
final class StateFileReader {
    private StateFileReader() {
    }

    /** The file's bytes; empty when nothing exists at the path. */
    static Optional<byte[]> read(Path file) throws InvalidStateFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
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
        // O_NOFOLLOW closes the window in which the path could be swapped for a link after the check above
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) attributes.size() + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                if (buffer.position() > StateFileFormat.MAX_FILE_BYTES) {
                    throw new InvalidStateFileException("grew past the limit of " + StateFileFormat.MAX_FILE_BYTES
                            + " bytes while being read");
                }
                if (!buffer.hasRemaining()) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                }
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (InvalidStateFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidStateFileException("cannot read: " + Reasons.ofFailure(e));
        }
    }
}
