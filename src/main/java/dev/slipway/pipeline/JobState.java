package dev.slipway.pipeline;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The lifecycle of a job. SKIPPED: an earlier stage failed or the run was cancelled before the job started. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, ERRORED, CANCELLED, SKIPPED;

    public Set<JobState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, SKIPPED, CANCELLED, ERRORED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, ERRORED, CANCELLED);
            case SUCCEEDED, FAILED, ERRORED, CANCELLED, SKIPPED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /**
     * What a job a crash left in this state becomes when Slipway starts again: a running one was interrupted
     * (ERRORED: ours, not the user's), a queued one never started (SKIPPED); a finished one keeps its state.
     */
    public JobState settledAfterCrash() {
        return switch (this) {
            case QUEUED -> SKIPPED;
            case RUNNING -> ERRORED;
            case SUCCEEDED, FAILED, ERRORED, CANCELLED, SKIPPED -> this;
        };
    }

    /** A stage's state is derived from its jobs' states, so it can never disagree with them. */
    public static JobState ofStage(List<JobState> jobs) {
        if (jobs.isEmpty()) {
            return SKIPPED;
        }
        for (JobState worst : List.of(RUNNING, ERRORED, FAILED, CANCELLED)) {
            if (jobs.contains(worst)) {
                return worst;
            }
        }
        if (jobs.stream().allMatch(s -> s == SUCCEEDED)) {
            return SUCCEEDED;
        }
        if (jobs.stream().allMatch(s -> s == SKIPPED)) {
            return SKIPPED;
        }
        return jobs.contains(SUCCEEDED) ? RUNNING : QUEUED;
    }
}
