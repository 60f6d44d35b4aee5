package net.sonic.portsyncd.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of Redis {@code MONITOR} output, decoded: {@code 1700000000.123456 [0 127.0.0.1:5000] "HSET" "k"} or
 * {@code [0 lua]} for a command a script ran. Arguments are unescaped ({@code \xNN}, {@code \n}, {@code \"}, ...).
 *
 * @param micros when the server ran the command, by its clock: microseconds since the epoch
 */
public record MonitorLine(long micros, int db, boolean lua, List<String> args) {

    /** The command's name in upper case. */
    public String name() {
        return args.get(0).toUpperCase();
    }

    public boolean is(int database, String command) {
        return db == database && name().equals(command);
    }

    /** The argument at {@code index} (0 is the name), null past the end. */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    /** The value {@code field} is given in a hash write ({@code HSET key field value ...}), null if none. */
    public String field(String field) {
        for (int i = 2; i + 1 < args.size(); i += 2) {
            if (args.get(i).equals(field)) {
                return args.get(i + 1);
            }
        }
        return null;
    }

    /** As MONITOR shows it, but for the client's address and the escapes. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(String.format("%d.%06d [%d%s]", micros / 1_000_000, micros % 1_000_000,
                db, lua ? " lua" : ""));
        args.forEach(arg -> line.append(" \"").append(arg).append('"'));
        return line.toString();
    }

    public static MonitorLine parse(String line) {
        String stamp = line.substring(0, line.indexOf(' '));
        int point = stamp.indexOf('.');
        long micros = Long.parseLong(stamp.substring(0, point)) * 1_000_000 + Long.parseLong(stamp.substring(point + 1));
        int open = line.indexOf('[');
        int bracket = line.indexOf(']');
        String origin = line.substring(open + 1, bracket);
        int db = Integer.parseInt(origin.substring(0, origin.indexOf(' ')));
        List<String> args = new ArrayList<>();
        int i = bracket + 1;
        while (i < line.length()) {
            if (line.charAt(i) != '"') {
                i++;
                continue;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            i++;
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(i + 1);
                    switch (next) {
                        case 'x' -> {
                            arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            i += 4;
                        }
                        case 'n' -> { arg.write('\n'); i += 2; }
                        case 'r' -> { arg.write('\r'); i += 2; }
                        case 't' -> { arg.write('\t'); i += 2; }
                        default -> { arg.write(next); i += 2; }
                    }
                } else {
                    byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    arg.write(bytes, 0, bytes.length);
                    i++;
                }
            }
            args.add(arg.toString(StandardCharsets.UTF_8));
            i++;
        }
        return new MonitorLine(micros, db, origin.endsWith(" lua"), List.copyOf(args));
    }
}
