package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ports for services come from below the kernel's ephemeral range (where an outgoing connection — a health probe —
 * can never take one between the pick and the service's bind), are free when handed out, and are not handed out
 * twice in a row, even by two allocators.
 */
class PortAllocatorTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeFreeAndNeverTwice() throws Exception {
        PortAllocator one = new PortAllocator(InetAddress.getLoopbackAddress());
        PortAllocator two = new PortAllocator(InetAddress.getLoopbackAddress());
        int ephemeral = PortAllocator.ephemeralStart();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = (i % 2 == 0 ? one : two).allocate();
            assertThat(port).isBetween(20000, ephemeral - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket bound = new ServerSocket()) {
                bound.bind(new InetSocketAddress(port), 1); // free on every address, as handed out
            }
        }
    }
}
