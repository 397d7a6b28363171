package dev.slipway.forge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** How one forge is told a call: its paths, its words for the states, its header for the token. One file per forge. */
interface ForgeDialect {
    Duration TIMEOUT = Duration.ofSeconds(10);
    ObjectMapper JSON = new ObjectMapper();

    /** {@code deploymentId}: the forge's id of the deployment a DEPLOYMENT_STATUS call is about (null otherwise). */
    HttpRequest request(ForgeCall call, Upstream upstream, String token, String deploymentId);

    static ForgeDialect of(Forge forge) {
        return switch (forge) {
            case GITHUB -> new GitHubDialect();
            case GITLAB -> new GitLabDialect();
            case GITEA -> new GiteaDialect();
        };
    }

    /** The upstream's API base without a trailing slash. */
    static String api(Upstream upstream) {
        String api = upstream.apiUrl().orElseThrow();
        return api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    }

    /** {@code owner/repo} (GitLab: {@code group/subgroup/project}) from the upstream's URL. */
    static String repositoryPath(Upstream upstream) {
        String key = upstream.urlKey();
        return key.substring(key.indexOf('/') + 1);
    }

    static HttpRequest.Builder post(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).header("User-Agent", "slipway");
    }

    static HttpRequest.BodyPublisher json(Map<String, ?> body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report body could not be written as JSON", e);
        }
    }
}
