package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An operator's edit of a Karaf {@code .cfg} or {@code .properties} file: one key set, in place when assigned. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Sets {@code key} to {@code value} where the file assigns it, else appends it (creating a missing file). */
    public static void set(Path file, String key, Object value) throws IOException {
        Pattern assignment = Pattern.compile("\\s*" + Pattern.quote(key) + "\\s*=.*");
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
            if (assignment.matcher(line).matches()) {
                lines.add(key + " = " + value);
                replaced = true;
            } else {
                lines.add(line);
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(file, lines);
    }
}
