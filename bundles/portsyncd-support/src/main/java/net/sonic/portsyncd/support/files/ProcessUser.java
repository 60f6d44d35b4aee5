package net.sonic.portsyncd.support.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process creates files as: the file-system uid in {@code /proc/self/status}, which is what the
 * kernel stamps on a new file.
 */
final class ProcessUser {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final ProcessUser CURRENT = read();

    private final int uid;
    private final UserPrincipal principal;

    private ProcessUser(int uid, UserPrincipal principal) {
        this.uid = uid;
        this.principal = principal;
    }

    static ProcessUser current() {
        return CURRENT;
    }

    /** True when {@code owner} is this user (principals compare by uid). */
    boolean owns(UserPrincipal owner) {
        return principal.equals(owner);
    }

    @Override
    public String toString() {
        return "uid " + uid;
    }

    private static ProcessUser read() {
        try {
            int uid = fileSystemUid();
            return new ProcessUser(uid, FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(Integer.toString(uid)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell which user this process is", e);
        }
    }

    /** {@code Uid:} lists the real, effective, saved and file-system uids. */
    private static int fileSystemUid() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring("Uid:".length()).trim().split("\\s+");
                return Integer.parseInt(ids[ids.length - 1]);
            }
        }
        throw new IOException("no Uid line in " + STATUS);
    }
}
