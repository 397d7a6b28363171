package dev.slipway.forge;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GitLab: {@code POST /projects/PATH/statuses/SHA} with the project's path URL-encoded as its id, the fields as a form,
 * the token in {@code PRIVATE-TOKEN}. GitLab has no deployments API Slipway uses.
 */
final class GitLabDialect implements ForgeDialect {
    @Override
    public HttpRequest request(ForgeCall call, Upstream upstream, String token, String deploymentId) {
        NewForgeCall c = call.call();
        if (c.kind() != CallKind.STATUS) {
            throw new IllegalStateException("GitLab is sent commit statuses only, not " + c.kind());
        }
        String uri = ForgeDialect.api(upstream) + "/projects/" + encode(ForgeDialect.repositoryPath(upstream))
                + "/statuses/" + c.commit();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("state", state(c.state()));
        if (c.ref() != null) {
            form.put("ref", c.ref());
        }
        form.put("target_url", c.targetUrl());
        form.put("description", c.description());
        form.put("name", c.context());
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return ForgeDialect.post(uri)
                .header("PRIVATE-TOKEN", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String state(ReportState state) {
        return switch (state) {
            case PENDING -> "pending";
            case RUNNING -> "running";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed";
            case CANCELLED -> "canceled";
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
