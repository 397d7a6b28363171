package dev.slipway.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a bench must undo, last registered first: called from its {@code finally} and from a JVM shutdown hook (Ctrl-C,
 * SIGTERM), whichever comes first; each step runs once, and a step that fails is reported without stopping the rest.
 */
public final class Cleanup implements AutoCloseable {
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {}

    private final Deque<Named> steps = new ArrayDeque<>();

    /** A cleanup that also runs when the JVM is asked to exit. */
    public static Cleanup withShutdownHook() {
        Cleanup cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::close, "bench-cleanup"));
        return cleanup;
    }

    public synchronized void add(String what, Step step) {
        steps.push(new Named(what, step));
    }

    @Override
    public synchronized void close() {
        while (!steps.isEmpty()) {
            Named next = steps.pop();
            try {
                next.step().run();
            } catch (Exception e) {
                System.err.println("bench: cleanup '" + next.what() + "' failed: " + e.getMessage());
            }
        }
    }
}
