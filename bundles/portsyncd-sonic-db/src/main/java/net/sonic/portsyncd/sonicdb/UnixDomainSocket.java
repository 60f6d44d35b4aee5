package net.sonic.portsyncd.sonicdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a unix-domain {@link SocketChannel}. The JDK offers unix sockets only as channels (whose
 * {@code socket()} is unsupported), while Jedis needs a {@code java.net.Socket}; this adapter supplies the few
 * methods Jedis uses, with {@code SO_TIMEOUT} semantics implemented by selectors on a non-blocking channel.
 */
final class UnixDomainSocket extends Socket {
    private final SocketChannel channel;
    private final UnixDomainSocketAddress address;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final InputStream input = new ChannelInputStream();
    private final OutputStream output = new ChannelOutputStream();
    private volatile int timeoutMillis;
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    private UnixDomainSocket(SocketChannel channel, UnixDomainSocketAddress address) throws IOException {
        super((SocketImpl) null);
        this.channel = channel;
        this.address = address;
        channel.configureBlocking(false);
        readSelector = Selector.open();
        writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /** Connects to the socket file; a unix-domain connect completes at once or fails, so it needs no timeout. */
    static UnixDomainSocket connect(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(address);
            return new UnixDomainSocket(channel, address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        ensureOpen();
        return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        ensureOpen();
        return output;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
        inputShutdown = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
        outputShutdown = true;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return address;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Closing wakes a reader blocked in select (closing a selector interrupts its select). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (java.io.Closeable c : new java.io.Closeable[] {readSelector, writeSelector, channel}) {
            try {
                c.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "UnixDomainSocket[" + address.getPath() + (closed ? ", closed" : "") + "]";
    }

    private void ensureOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    /** Waits on {@code selector} until ready, the SO_TIMEOUT deadline passes, or the socket is closed. */
    private void await(Selector selector, long deadlineNanos, String what) throws IOException {
        long waitMillis = 0;
        if (deadlineNanos != 0) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException(what + " timed out");
            }
            waitMillis = Math.max(1, remaining / 1_000_000);
        }
        try {
            selector.select(waitMillis);
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new SocketException("Socket is closed");
        }
        ensureOpen();
    }

    private long deadline() {
        int timeout = timeoutMillis;
        return timeout == 0 ? 0 : System.nanoTime() + timeout * 1_000_000L;
    }

    private final class ChannelInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            synchronized (readLock) {
                ensureOpen();
                long deadline = deadline();
                int n = channel.read(buffer);
                while (n == 0) {
                    await(readSelector, deadline, "Read");
                    n = channel.read(buffer);
                }
                return n;
            }
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }

    private final class ChannelOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            synchronized (writeLock) {
                ensureOpen();
                long deadline = deadline();
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        await(writeSelector, deadline, "Write");
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            UnixDomainSocket.this.close();
        }
    }
}
