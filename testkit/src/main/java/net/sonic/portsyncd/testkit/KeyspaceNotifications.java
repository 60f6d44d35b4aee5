package net.sonic.portsyncd.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Redis keyspace notifications ({@code PSUBSCRIBE __keyspace@<db>__:<key pattern>}) on a connection of its own: every
 * write as another SONiC daemon sees it, in the order Redis ran the commands, each stamped with
 * {@link System#nanoTime()} the moment it arrives. {@link #recording} keeps them for {@link #events()};
 * {@link #streaming} hands them to the sink of the moment and keeps nothing, so that a storm does not grow the heap
 * a benchmark measures. Needs nothing but the JDK: the integration tests' probe carries it into the container.
 */
public final class KeyspaceNotifications implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PREFIX = "__keyspace@";
    /** Published after the commands {@link #sync()} waits for: one connection delivers in order, so it comes last. */
    private static final String SYNC_CHANNEL = "testkit-keyspace-sync";
    /** A database no SONiC table lives in: MONITOR shows the sync's PUBLISH there. */
    private static final int SYNC_DB = 15;
    private static final AtomicLong SYNC_SEQUENCE = new AtomicLong();

    /** One notification: the database number, the key, the command (hset, del, ...), when it arrived. */
    public record Event(int db, String key, String op, long nanos) {
    }

    private final String host;
    private final int port;
    private final Socket socket = new Socket();
    private final InputStream in;
    private final Thread reader;
    private final List<Event> recorded;
    private final BlockingQueue<String> syncs = new LinkedBlockingQueue<>();
    private volatile Consumer<Event> sink;

    private KeyspaceNotifications(String host, int port, List<Event> recorded, String... patterns) {
        this.host = host;
        this.port = port;
        this.recorded = recorded;
        this.sink = recorded == null ? event -> { } : recorded::add;
        List<String> subscribe = new ArrayList<>(List.of("PSUBSCRIBE", SYNC_CHANNEL));
        subscribe.addAll(Arrays.asList(patterns));
        try {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(Resp.encode(subscribe.toArray(String[]::new)));
            socket.getOutputStream().flush();
            in = new BufferedInputStream(socket.getInputStream());
            for (int i = 1; i < subscribe.size(); i++) {
                List<String> confirmation = Resp.readArray(in);
                if (!"psubscribe".equals(confirmation.get(0))) {
                    throw new IOException("PSUBSCRIBE answered " + confirmation);
                }
            }
            // from now on a quiet database only means a long wait
            socket.setSoTimeout(0);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot subscribe to " + Arrays.toString(patterns) + " on " + host + ":"
                    + port, e);
        }
        reader = new Thread(this::read, "testkit-keyspace-notifications");
        reader.setDaemon(true);
        reader.start();
    }

    /** Keeps every notification of keys matching {@code patterns} (e.g. {@code __keyspace@6__:PORT_TABLE|*}). */
    public static KeyspaceNotifications recording(String host, int port, String... patterns) {
        return new KeyspaceNotifications(host, port, new CopyOnWriteArrayList<>(), patterns);
    }

    /** Drops every notification until {@link #sendTo} names a sink; keeps none. */
    public static KeyspaceNotifications streaming(String host, int port, String... patterns) {
        return new KeyspaceNotifications(host, port, null, patterns);
    }

    /** Notifications from now on go to {@code next}, on the thread that reads them: it must be quick. */
    public void sendTo(Consumer<Event> next) {
        sink = next;
    }

    /** Notifications from now on are dropped. */
    public void discard() {
        sink = event -> { };
    }

    /** Every notification recorded so far, those of every command Redis ran before the call included. */
    public List<Event> events() {
        if (recorded == null) {
            throw new IllegalStateException("a streaming subscription keeps no events");
        }
        sync();
        return List.copyOf(recorded);
    }

    /** Returns once the notifications of every command Redis ran before the call have been handed on. */
    public void sync() {
        String marker = Long.toString(SYNC_SEQUENCE.incrementAndGet());
        Resp.command(host, port, SYNC_DB, "PUBLISH", SYNC_CHANNEL, marker);
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            for (String seen = ""; !seen.equals(marker); ) {
                long left = deadline - System.nanoTime();
                String next = left > 0 ? syncs.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    throw new IllegalStateException("the keyspace subscription did not deliver its sync marker within "
                            + WAIT.toSeconds() + " s");
                }
                seen = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the keyspace sync marker", e);
        }
    }

    /** A message is {@code pmessage, pattern, channel, payload}; a keyspace channel is {@code __keyspace@<db>__:<key>}. */
    private void read() {
        try {
            while (true) {
                List<String> message = Resp.readArray(in);
                long now = System.nanoTime();
                if (message.size() != 4 || !"pmessage".equals(message.get(0))) {
                    continue;
                }
                String channel = message.get(2);
                if (channel.equals(SYNC_CHANNEL)) {
                    syncs.add(message.get(3));
                } else if (channel.startsWith(PREFIX)) {
                    int end = channel.indexOf("__:", PREFIX.length());
                    sink.accept(new Event(Integer.parseInt(channel.substring(PREFIX.length(), end)),
                            channel.substring(end + 3), message.get(3), now));
                }
            }
        } catch (IOException closed) {
            // close() closes the socket under the blocked read
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the reader ends either way
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
