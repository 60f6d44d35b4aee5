package net.sonic.portsyncd.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.support.table.ShellTable;

/** A two-column name/value table, the shape of every "show one thing" output. */
public final class PropertyTable {
    private final ShellTable table = new ShellTable();

    public PropertyTable() {
        table.column("Property");
        table.column("Value");
    }

    public PropertyTable add(String name, Object value) {
        table.addRow().addContent(name, String.valueOf(value));
        return this;
    }

    public void print(PrintStream out, boolean format) {
        table.print(out, format);
    }
}
