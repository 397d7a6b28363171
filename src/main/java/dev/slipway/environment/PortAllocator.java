package dev.slipway.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Hands out a port nothing listens on right now, for a service (or an environment's address) to listen on a moment
 * later. It picks below the kernel's ephemeral range (from 20000 up to {@code ip_local_port_range}'s start): a port
 * the kernel handed out as its own and took back can be taken again at any time as the local end of an outgoing
 * connection — such as the health probes sent to the very service starting on it — which then fails to bind
 * ("Address already in use"). A port is checked free on every address, and not handed out again for a minute in
 * this JVM, so two starts at once never get the same one. If nothing is found there, the kernel picks.
 */
public final class PortAllocator implements IntSupplier {
    private static final int LOWEST = 20000;
    private static final long HELD_MILLIS = 60_000;
    private static final int ATTEMPTS = 200;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Ports handed out lately, by any allocator of this JVM, with when. */
    private static final Map<Integer, Long> HANDED_OUT = new ConcurrentHashMap<>();

    private final InetAddress address;
    private final int below;
    private final SecureRandom random = new SecureRandom();

    public PortAllocator(InetAddress address) {
        this.address = address;
        this.below = ephemeralStart();
    }

    public int allocate() {
        long now = System.currentTimeMillis();
        HANDED_OUT.values().removeIf(at -> now - at > HELD_MILLIS);
        for (int attempt = 0; below - LOWEST > 100 && attempt < ATTEMPTS; attempt++) {
            int port = LOWEST + random.nextInt(below - LOWEST);
            if (HANDED_OUT.putIfAbsent(port, now) != null) {
                continue;
            }
            if (free(port)) {
                return port;
            }
            HANDED_OUT.remove(port);
        }
        return kernelsChoice();
    }

    /** Whether nothing listens on the port on any address (a container on the host network binds them all). */
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int kernelsChoice() {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + address, e);
        }
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
    static int ephemeralStart() {
        // read as a stream: a procfs file reports no size, and Files.readString then gives its first byte only
        try (var in = Files.newInputStream(EPHEMERAL_RANGE)) {
            String[] range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    @Override
    public int getAsInt() {
        return allocate();
    }
}
