package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.Processes;

/** A small tmpfs mounted for one test: a file system that can be filled up or made read-only for real. */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static Tmpfs mount(Path mountPoint, String size) throws IOException {
        Environment.requireRoot();
        Files.createDirectories(mountPoint);
        Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
                mountPoint.toString()));
        return new Tmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** Writes a file until the kernel answers ENOSPC; deleting the file frees the space again. */
    Path fill() throws IOException {
        Path filler = mountPoint.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[512];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!"No space left on device".equals(full.getMessage())) {
                throw full;
            }
        }
        return filler;
    }

    void readOnly() {
        Processes.run(List.of("mount", "-o", "remount,ro", mountPoint.toString()));
    }

    void writable() {
        Processes.run(List.of("mount", "-o", "remount,rw", mountPoint.toString()));
    }

    @Override
    public void close() {
        Processes.run(List.of("umount", mountPoint.toString()));
    }
}
