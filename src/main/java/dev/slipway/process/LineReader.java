package dev.slipway.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a process's output to a line sink on a daemon thread, and knows when everything the process
 * wrote has been delivered.
 *
 * <p>It polls {@code available()} instead of blocking in {@code read()}: background children inherit the
 * pipe and may hold it open long after the process exits, so EOF cannot mark the end. Once the process has
 * exited, all it wrote is already in the pipe; when that is empty, its output is complete. (Java then closes
 * the pipe; a background child that still writes to it gets EPIPE.)
 */
final class LineReader {

    private static final Logger LOG = LoggerFactory.getLogger(LineReader.class);
    private static final long MAX_IDLE_NANOS = Duration.ofMillis(50).toNanos();

    private final Process process;
    private final InputStream output;
    private final LineSplitter lines;
    private final CountDownLatch delivered = new CountDownLatch(1);
    private final Thread thread;
    private boolean sinkFailed;

    private LineReader(Process process, Consumer<String> sink) {
        this.process = process;
        this.output = process.getInputStream();
        this.lines = new LineSplitter(line -> deliver(sink, line));
        this.thread = new Thread(this::run, "output-of-" + process.pid());
        this.thread.setDaemon(true);
    }

    static LineReader start(Process process, Consumer<String> sink) {
        LineReader reader = new LineReader(process, sink);
        reader.thread.start();
        // Wake the reader at once when the process exits instead of at its next poll.
        process.onExit().thenRun(() -> LockSupport.unpark(reader.thread));
        return reader;
    }

    /** The process has exited: look at once instead of at the next poll (the exit callback below may come later). */
    void processExited() {
        LockSupport.unpark(thread);
    }

    /** Waits until every line the process wrote has reached the sink; false if the timeout came first. */
    boolean awaitDelivered(Duration timeout) throws InterruptedException {
        return delivered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void awaitDelivered() throws InterruptedException {
        delivered.await();
    }

    private void run() {
        byte[] buffer = new byte[64 * 1024];
        long idleNanos = Duration.ofMillis(1).toNanos();
        try {
            while (true) {
                // Checked before available(): after exit, the pipe holds all the process will ever write.
                boolean exited = !process.isAlive();
                int available = output.available();
                if (available > 0) {
                    int read = output.read(buffer, 0, Math.min(available, buffer.length));
                    if (read < 0) {
                        break;
                    }
                    lines.feed(buffer, read);
                    idleNanos = Duration.ofMillis(1).toNanos();
                } else if (exited) {
                    break;
                } else {
                    LockSupport.parkNanos(idleNanos);
                    idleNanos = Math.min(idleNanos * 2, MAX_IDLE_NANOS);
                }
            }
        } catch (IOException e) {
            // The stream was closed under us: nothing more can be read, which ends the output too.
            LOG.debug("output of process {} ended early: {}", process.pid(), e.getMessage());
        } finally {
            try {
                lines.finish();
            } finally {
                delivered.countDown();
            }
        }
    }

    /** A failing sink must not stop the draining, or the process would block on a full pipe. */
    private void deliver(Consumer<String> sink, String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            if (!sinkFailed) {
                sinkFailed = true;
                LOG.warn("output sink of process {} failed; later lines are still read and passed on", process.pid(), e);
            }
        }
    }
}
