package dev.slipway.process;

import java.util.Optional;

/**
 * A process identity that survives PID reuse: the PID plus its start time in clock ticks since boot
 * (field 22 of {@code /proc/<pid>/stat}). A recycled PID has a later start time, so it never matches.
 */
public record ProcessId(long pid, long startTicks) {

    /** Start time of a process that was already gone when first looked at; matches no live process. */
    static final long GONE = -1;

    public ProcessId {
        if (pid <= 0) {
            throw new IllegalArgumentException("a process id is positive, got " + pid);
        }
    }

    /** The process now holding {@code pid}, zombies included; empty when no process holds it. */
    public static Optional<ProcessId> of(long pid) {
        return ProcStat.read(pid).map(stat -> new ProcessId(pid, stat.startTicks()));
    }

    /** Running (or stopped) and still the same process: not exited, not replaced by a newer one with the same PID. */
    public boolean isAlive() {
        return ProcStat.read(pid).filter(stat -> stat.startTicks() == startTicks && !stat.exited()).isPresent();
    }
}
