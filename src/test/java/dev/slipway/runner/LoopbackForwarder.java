package dev.slipway.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP port that forwards every connection to a unix socket: the tests' engine reached as a remote one
 * ({@code tcp://127.0.0.1:PORT}), so the copy-in/copy-back path runs against a real engine. Closed, it closes every
 * connection; its threads are daemons that end with them.
 */
final class LoopbackForwarder implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    private LoopbackForwarder(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    static LoopbackForwarder to(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        LoopbackForwarder forwarder = new LoopbackForwarder(server, socket);
        Thread acceptor = new Thread(forwarder::accept, "loopback-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
        return forwarder;
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(socket));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed: the other follows
            }
        }, "loopback-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel channel : open) {
            channel.close();
        }
    }
}
