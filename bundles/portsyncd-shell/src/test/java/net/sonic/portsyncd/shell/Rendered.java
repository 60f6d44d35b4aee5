package net.sonic.portsyncd.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.karaf.shell.support.table.ShellTable;

/** What a table prints, as the tests read it. */
final class Rendered {
    private Rendered() {
    }

    static String of(ShellTable table, boolean format) {
        return capture(out -> table.print(out, format));
    }

    static String of(PropertyTable table, boolean format) {
        return capture(out -> table.print(out, format));
    }

    /** The cells of the script-friendly form (--no-format: no header, tab separated). */
    static List<List<String>> rows(ShellTable table) {
        return cells(of(table, false));
    }

    static List<List<String>> rows(PropertyTable table) {
        return cells(of(table, false));
    }

    private static List<List<String>> cells(String text) {
        return text.lines().map(line -> Arrays.stream(line.split("\t")).map(String::trim).toList()).toList();
    }

    private static String capture(Consumer<PrintStream> printer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            printer.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
