package net.sonic.portsyncd.itests;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records Redis keyspace notifications (PSUBSCRIBE over raw RESP) so a test can see every write as it happens. */
final class KeyspaceWatcher implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;
    private final List<String[]> events = new CopyOnWriteArrayList<>();

    KeyspaceWatcher(int port, String... patterns) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        StringBuilder request = new StringBuilder("*").append(patterns.length + 1).append("\r\n$10\r\nPSUBSCRIBE\r\n");
        for (String pattern : patterns) {
            byte[] bytes = pattern.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(pattern).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        for (int i = 0; i < patterns.length; i++) {
            readArray(in);
        }
        reader = new Thread(() -> readLoop(in), "itest-keyspace-watcher");
        reader.setDaemon(true);
        reader.start();
    }

    /** Events as {channel, message}: for keyspace channels the message is the command (hset, del, ...). */
    List<String[]> events() {
        return new ArrayList<>(events);
    }

    long count(String channelSuffix, String event) {
        return events.stream().filter(e -> e[0].endsWith(channelSuffix) && e[1].equals(event)).count();
    }

    private void readLoop(InputStream in) {
        try {
            while (!socket.isClosed()) {
                List<String> message = readArray(in);
                if (message.size() == 4 && "pmessage".equals(message.get(0))) {
                    events.add(new String[] {message.get(2), message.get(3)});
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static List<String> readArray(InputStream in) throws IOException {
        String header = readLine(in);
        if (!header.startsWith("*")) {
            throw new IOException("unexpected reply " + header);
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = readLine(in);
            if (line.startsWith("$")) {
                int length = Integer.parseInt(line.substring(1));
                byte[] data = in.readNBytes(length + 2);
                items.add(new String(data, 0, length, StandardCharsets.UTF_8));
            } else {
                items.add(line.substring(1));
            }
        }
        return items;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
