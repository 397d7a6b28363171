package dev.slipway.forge;

/**
 * What Slipway reports, before a forge's client says it in that forge's words (GitLab's {@code failed}, GitHub's
 * {@code failure}). FAILURE is the user's (a step failed), ERROR is ours, as in the run's own states.
 */
public enum ReportState {
    PENDING, RUNNING, SUCCESS, FAILURE, ERROR, CANCELLED
}
