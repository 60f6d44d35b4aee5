package net.sonic.portsyncd.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's wire protocol (RESP2), as much as the fixtures speak: commands out, replies in. Needs nothing but the JDK,
 * so that the integration tests' probe can carry it into the container with {@link KeyspaceNotifications}.
 */
final class Resp {
    private Resp() {
    }

    /** Runs one command on database {@code db} over a connection of its own; the reply as {@link #readReply} gives it. */
    static String command(String host, int port, int db, String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (db != 0) {
                out.write(encode("SELECT", Integer.toString(db)));
                String selected = readReply(in);
                if (!"+OK".equals(selected)) {
                    throw new IllegalStateException("SELECT " + db + " failed: " + selected);
                }
            }
            out.write(encode(args));
            out.flush();
            return readReply(in);
        } catch (IOException e) {
            throw new IllegalStateException("redis command " + String.join(" ", args) + " failed: " + e.getMessage(), e);
        }
    }

    static byte[] encode(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return request.toByteArray();
    }

    /**
     * One reply as text: a status, error or integer line as sent ({@code +OK}, {@code -ERR ...}, {@code :1}), a bulk
     * string's content ({@code (nil)} for none), an array's elements one a line.
     */
    static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        switch (line.charAt(0)) {
            case '$': {
                int length = Integer.parseInt(line.substring(1));
                return length < 0 ? "(nil)" : readBulk(in, length);
            }
            case '*': {
                int count = Integer.parseInt(line.substring(1));
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    all.append(readReply(in)).append('\n');
                }
                return all.toString();
            }
            default:
                return line;
        }
    }

    /** An array of bulk strings and integers, such as a pub/sub message: its elements as text. */
    static List<String> readArray(InputStream in) throws IOException {
        String header = readLine(in);
        if (!header.startsWith("*")) {
            throw new IOException("expected an array, got " + header);
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = readLine(in);
            items.add(line.startsWith("$") ? readBulk(in, Integer.parseInt(line.substring(1))) : line.substring(1));
        }
        return items;
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length + 2);
        if (data.length < length + 2) {
            throw new IOException("connection closed inside a reply");
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
