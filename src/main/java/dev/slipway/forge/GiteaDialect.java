package dev.slipway.forge;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gitea (and Forgejo): {@code POST /repos/O/R/statuses/SHA}, JSON, {@code Authorization: token …}. */
final class GiteaDialect implements ForgeDialect {
    @Override
    public HttpRequest request(ForgeCall call, Upstream upstream, String token, String deploymentId) {
        NewForgeCall c = call.call();
        if (c.kind() != CallKind.STATUS) {
            throw new IllegalStateException("Gitea is sent commit statuses only, not " + c.kind());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state(c.state()));
        body.put("target_url", c.targetUrl());
        body.put("description", c.description());
        body.put("context", c.context());
        return ForgeDialect.post(ForgeDialect.api(upstream) + "/repos/" + ForgeDialect.repositoryPath(upstream)
                        + "/statuses/" + c.commit())
                .header("Authorization", "token " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(ForgeDialect.json(body)).build();
    }

    static String state(ReportState state) {
        return switch (state) {
            case PENDING, RUNNING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR, CANCELLED -> "error";
        };
    }
}
