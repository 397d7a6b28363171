package dev.slipway.boot;

import java.util.ArrayDeque;
import java.util.Deque;

/** What the wiring opened, closed in reverse order: each step pushes what it must stop, as it builds it. */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    <T extends AutoCloseable> T push(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    /** Closes everything, newest first; one that fails is logged and the others are closed all the same. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            Startup.closeQuietly(closeables.pop());
        }
    }
}
