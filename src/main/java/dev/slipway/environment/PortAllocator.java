package dev.slipway.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntSupplier;

/** Hands out a port nothing listens on right now; the kernel picks it from its ephemeral range. */
public final class PortAllocator implements IntSupplier {
    private final InetAddress address;

    public PortAllocator(InetAddress address) {
        this.address = address;
    }

    public int allocate() {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + address, e);
        }
    }

    @Override
    public int getAsInt() {
        return allocate();
    }
}
