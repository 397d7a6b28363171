package dev.slipway.forge;

import java.util.Objects;

/**
 * A call to enqueue. Built with the named constructors: a run's commit status, creating a deployment on the forge,
 * or a state of that deployment. {@code ref} is the branch when known (GitLab takes one).
 */
public record NewForgeCall(String app, CallKind kind, String commit, String ref, ReportState state, String targetUrl,
                           String description, String context, Long run, Long deployment, String environment) {
    /** GitHub's limit, and short enough for every forge's list of checks. */
    static final int DESCRIPTION_LIMIT = 140;

    public NewForgeCall {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(targetUrl, "targetUrl");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(context, "context");
        if (kind == CallKind.STATUS ? run == null : deployment == null || environment == null) {
            throw new IllegalArgumentException(kind + " call without its " + (kind == CallKind.STATUS ? "run"
                    : "deployment and environment"));
        }
        if (description.length() > DESCRIPTION_LIMIT) {
            description = description.substring(0, DESCRIPTION_LIMIT - 1) + "…";
        }
    }

    public static NewForgeCall status(String app, long run, String commit, String branch, ReportState state,
                                      String targetUrl, String description) {
        return new NewForgeCall(app, CallKind.STATUS, commit, branch, state, targetUrl, description, context(app), run,
                null, null);
    }

    public static NewForgeCall deployment(String app, long deployment, String environment, String commit,
                                          String targetUrl, String description) {
        return new NewForgeCall(app, CallKind.DEPLOYMENT, commit, null, ReportState.PENDING, targetUrl, description,
                context(app), null, deployment, environment);
    }

    public static NewForgeCall deploymentStatus(String app, long deployment, String environment, String commit,
                                                ReportState state, String targetUrl, String description) {
        return new NewForgeCall(app, CallKind.DEPLOYMENT_STATUS, commit, null, state, targetUrl, description,
                context(app), null, deployment, environment);
    }

    /** One context per app: a commit built by two apps shows two checks. */
    static String context(String app) {
        return "slipway/" + app;
    }
}
