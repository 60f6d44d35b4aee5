package net.sonic.portsyncd.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An operator's edit of an installed configuration file: one key set, in place when the file assigns it. */
final class LocalConfiguration {
    private LocalConfiguration() {
    }

    static void set(Path file, String key, Object value) throws IOException {
        Pattern assignment = Pattern.compile("\\s*" + Pattern.quote(key) + "\\s*=.*");
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        for (String line : Files.readAllLines(file)) {
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
