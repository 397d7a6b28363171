package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The in-memory executor the run engine's tests use keeps the promises of the real one. */
class InMemoryJobExecutorTest extends JobExecutorContract {
    private final InMemoryJobExecutor executor = new InMemoryJobExecutor();

    @Override
    protected JobExecutor executor() {
        return executor;
    }

    @Override
    protected String printing(String... lines) {
        return Arrays.stream(lines).map(l -> "print " + l).collect(Collectors.joining("\n"));
    }

    @Override
    protected String printingVariable(String name) {
        return "env " + name;
    }

    @Override
    protected String writing(String file, String text) {
        return "write " + file + " " + text;
    }

    @Override
    protected String exiting(int code) {
        return "exit " + code;
    }

    @Override
    protected String waiting(Duration duration) {
        return "wait " + duration.toMillis();
    }

    @Override
    protected String hanging(String announce) {
        return "print " + announce + "\nhang";
    }

    @Override
    protected String leavingInBackground(String marker) {
        return "background " + marker + "\nprint started";
    }

    @Override
    protected boolean alive(String marker) {
        return executor.alive(marker);
    }
}
