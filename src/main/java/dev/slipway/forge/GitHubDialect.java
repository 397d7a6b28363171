package dev.slipway.forge;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub: commit statuses ({@code POST /repos/O/R/statuses/SHA}) and deployments ({@code POST /repos/O/R/deployments},
 * then {@code …/deployments/ID/statuses}). A cancelled run is an error there: GitHub has no word for it.
 */
final class GitHubDialect implements ForgeDialect {
    @Override
    public HttpRequest request(ForgeCall call, Upstream upstream, String token, String deploymentId) {
        String repo = ForgeDialect.api(upstream) + "/repos/" + ForgeDialect.repositoryPath(upstream);
        NewForgeCall c = call.call();
        Map<String, Object> body = new LinkedHashMap<>();
        String uri;
        switch (c.kind()) {
            case STATUS -> {
                uri = repo + "/statuses/" + c.commit();
                body.put("state", statusState(c.state()));
                body.put("target_url", c.targetUrl());
                body.put("description", c.description());
                body.put("context", c.context());
            }
            case DEPLOYMENT -> {
                uri = repo + "/deployments";
                body.put("ref", c.commit());
                body.put("environment", c.environment());
                body.put("auto_merge", false); // never merge anything into the commit being deployed
                body.put("required_contexts", List.of()); // Slipway decided to deploy: GitHub's checks do not gate it
                body.put("description", c.description());
            }
            case DEPLOYMENT_STATUS -> {
                uri = repo + "/deployments/" + deploymentId + "/statuses";
                body.put("state", deploymentState(c.state()));
                body.put("log_url", c.targetUrl());
                body.put("description", c.description());
            }
            default -> throw new IllegalStateException("unknown call kind " + c.kind());
        }
        return ForgeDialect.post(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Content-Type", "application/json")
                .POST(ForgeDialect.json(body)).build();
    }

    static String statusState(ReportState state) {
        return switch (state) {
            case PENDING, RUNNING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR, CANCELLED -> "error";
        };
    }

    static String deploymentState(ReportState state) {
        return switch (state) {
            case PENDING -> "queued";
            case RUNNING -> "in_progress";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR, CANCELLED -> "error";
        };
    }
}
