package dev.slipway.process;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A script started by {@link Spawner}: its identity, its exit code, and (for line output) the delivery of its output. */
public final class Spawned {

    private final Process process;
    private final ProcessId id;
    private final LineReader lines;

    Spawned(Process process, ProcessId id, LineReader lines) {
        this.process = process;
        this.id = id;
        this.lines = lines;
    }

    public ProcessId id() {
        return id;
    }

    /** The exit code, or 128 + the signal number if a signal ended it; returns after all output lines were delivered. */
    public int waitFor() throws InterruptedException {
        int exitCode = process.waitFor();
        if (lines != null) {
            lines.processExited();
            lines.awaitDelivered();
        }
        return exitCode;
    }

    /** Like {@link #waitFor()}, but empty if the process, or the delivery of its output, takes longer than {@code timeout}. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return OptionalInt.empty();
        }
        if (lines != null) {
            lines.processExited();
        }
        if (lines != null && !lines.awaitDelivered(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.exitValue());
    }

    /** The exit code (128 + the signal number if a signal ended it) once the script has exited; empty while it runs. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Whether the script itself still runs; children it left behind are {@link ProcessTree}'s business. */
    public boolean isAlive() {
        return process.isAlive();
    }
}
