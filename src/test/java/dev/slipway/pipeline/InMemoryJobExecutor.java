package dev.slipway.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A {@link JobExecutor} without processes, for tests of what sits above the port. It passes the same
 * {@link JobExecutorContract} as the local executor. A step's {@code run} is a script, one command a line:
 * <pre>
 *   print TEXT        a line of output
 *   env NAME          prints NAME=its value in the job's environment
 *   write PATH [TEXT] writes a file in the workspace
 *   expect PATH       exits 1 unless the file is in the workspace
 *   exit N            ends the step with code N
 *   wait MILLIS       takes that long (a cancel or the job's timeout cuts it short)
 *   hang              waits for a cancel or the job's timeout
 *   hold NAME         waits until {@link #release} of NAME (or a cancel, or the timeout)
 *   background MARKER leaves a "process" running, which the job's end must stop ({@link #alive})
 *   unstartable       the step cannot be started (ERRORED: ours, not the user's)
 * </pre>
 */
public final class InMemoryJobExecutor implements JobExecutor {
    private final List<String> events = new ArrayList<>();
    private final Set<String> released = new HashSet<>();
    private final Set<String> alive = new HashSet<>();

    /** Lets every job holding on {@code name} go on. */
    public synchronized void release(String name) {
        released.add(name);
        notifyAll();
    }

    /** Whether a process a job left in the background with this marker still runs. */
    public synchronized boolean alive(String marker) {
        return alive.contains(marker);
    }

    /** "start JOB" and "end JOB STATE", in the order they happened. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public Outcome execute(Context context) {
        event("start " + context.job().name());
        Job job = new Job(context);
        Runnable forget = context.cancellation().onCancel(job::cancel);
        Outcome outcome;
        try {
            outcome = job.run();
        } finally {
            forget.run();
            job.stopBackground();
        }
        event("end " + context.job().name() + " " + outcome.state());
        return outcome;
    }

    private synchronized void event(String event) {
        events.add(event);
    }

    /** One execution: its deadline, whether it was cancelled, and the background processes it started. */
    private final class Job {
        private final Context context;
        private final Instant deadline;
        private final Set<String> started = new HashSet<>();
        private boolean cancelled;

        Job(Context context) {
            this.context = context;
            this.deadline = Instant.now().plus(context.job().timeout());
        }

        Outcome run() {
            int number = 0;
            for (StepSpec step : context.job().steps()) {
                number++;
                context.log().note("$ " + step.run().replace("\n", "\n  "));
                Outcome outcome = step(step, number);
                if (outcome != null) {
                    context.log().note("slipway: " + outcome.error());
                    return outcome;
                }
            }
            return new Outcome(JobState.SUCCEEDED, 0, null);
        }

        /** Null when the step succeeded, else the job's outcome. */
        private Outcome step(StepSpec step, int number) {
            int exit = 0;
            for (String line : step.run().strip().lines().map(String::strip).toList()) {
                String[] words = line.split(" ", 2);
                String argument = words.length > 1 ? words[1] : "";
                if (words[0].equals("unstartable")) {
                    return new Outcome(JobState.ERRORED, null, "cannot start step " + number + ": scripted");
                }
                Integer ended = command(words[0], argument);
                if (ended == null) {
                    return cutShort(step);
                }
                if (ended >= 0) {
                    exit = ended;
                    break;
                }
            }
            if (isCancelled()) { // as a killed process does, whatever it was doing
                return cutShort(step);
            }
            return exit == 0 ? null
                    : new Outcome(JobState.FAILED, exit, "step '" + step.name() + "' exited with code " + exit);
        }

        private Outcome cutShort(StepSpec step) {
            if (isCancelled()) {
                return new Outcome(JobState.CANCELLED, 143, "cancelled");
            }
            return new Outcome(JobState.FAILED, null, "timed out after " + context.job().timeout().toMillis()
                    + "ms in step '" + step.name() + "'");
        }

        /** -1: go on with the next command; 0 or more: the step's exit code; null: cut short. */
        private Integer command(String command, String argument) {
            Path workspace = context.workspace();
            switch (command) {
                case "print" -> context.log().line(argument);
                case "env" -> context.log().line(argument + "=" + context.env().getOrDefault(argument, ""));
                case "write" -> write(workspace.resolve(argument.split(" ", 2)[0]),
                        argument.contains(" ") ? argument.split(" ", 2)[1] : "");
                case "expect" -> {
                    return Files.exists(workspace.resolve(argument)) ? -1 : 1;
                }
                case "exit" -> {
                    return Integer.parseInt(argument);
                }
                case "wait" -> {
                    Instant until = Instant.now().plusMillis(Long.parseLong(argument));
                    return waitUntil(() -> Instant.now().isAfter(until)) ? -1 : null;
                }
                case "hang" -> {
                    return waitUntil(() -> false) ? -1 : null;
                }
                case "hold" -> {
                    return waitUntil(() -> released(argument)) ? -1 : null;
                }
                case "background" -> startBackground(argument);
                default -> throw new IllegalArgumentException("not a command of the in-memory executor: " + command);
            }
            return -1;
        }

        /** Waits until {@code done}; false when a cancel or the job's timeout came first. */
        private boolean waitUntil(BooleanSupplier done) {
            synchronized (InMemoryJobExecutor.this) {
                while (!done.getAsBoolean()) {
                    Instant now = Instant.now();
                    if (cancelled || !now.isBefore(deadline)) {
                        return false;
                    }
                    try {
                        InMemoryJobExecutor.this.wait(Math.max(1, Math.min(Duration.between(now, deadline).toMillis(), 50)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }

        void cancel() {
            synchronized (InMemoryJobExecutor.this) {
                cancelled = true;
                InMemoryJobExecutor.this.notifyAll();
            }
        }

        private boolean isCancelled() {
            synchronized (InMemoryJobExecutor.this) {
                return cancelled;
            }
        }

        private boolean released(String name) {
            return released.contains(name); // called holding the executor's lock
        }

        private void startBackground(String marker) {
            synchronized (InMemoryJobExecutor.this) {
                started.add(marker);
                alive.add(marker);
            }
        }

        void stopBackground() {
            synchronized (InMemoryJobExecutor.this) {
                alive.removeAll(started);
            }
        }

        private static void write(Path file, String text) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
