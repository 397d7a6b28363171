package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.Problem;
import java.util.List;
import java.util.Map;

/**
 * GitLab: the event in X-Gitlab-Event ({@code Push Hook}, {@code Tag Push Hook}), the delivery's id in
 * X-Gitlab-Event-UUID (or X-Gitlab-Webhook-UUID), and no signature: X-Gitlab-Token carries the secret itself.
 * Payloads name ref, before, after (zeros for a deletion), {@code user_username} and the project's URLs.
 */
final class GitLabHooks implements HookFormat {
    @Override
    public Forge forge() {
        return Forge.GITLAB;
    }

    @Override
    public ForgeEvent read(Map<String, String> headers, JsonNode body) {
        String event = Payloads.token(headers, "x-gitlab-event");
        if (!headers.containsKey("x-gitlab-event-uuid") && !headers.containsKey("x-gitlab-webhook-uuid")) {
            throw Problem.invalid("the X-Gitlab-Event-UUID header is missing (nor is there X-Gitlab-Webhook-UUID): "
                    + "is the webhook pointed at the right forge's endpoint (/hooks/github, /hooks/gitlab or "
                    + "/hooks/gitea)?");
        }
        String delivery = Payloads.token(headers, headers.containsKey("x-gitlab-event-uuid") ? "x-gitlab-event-uuid"
                : "x-gitlab-webhook-uuid");
        List<String> urls = Payloads.urls(body, "project.git_http_url", "project.git_ssh_url", "project.web_url",
                "repository.git_http_url", "repository.git_ssh_url", "repository.homepage");
        if (!event.equals("Push Hook") && !event.equals("Tag Push Hook")) {
            return ForgeEvent.other(ForgeEvent.Kind.OTHER, delivery, event, urls);
        }
        return new ForgeEvent(ForgeEvent.Kind.MOVE, delivery, event, urls,
                Payloads.ref(body, event), Payloads.commit(body, "before", event),
                Payloads.commit(body, "after", event), Payloads.login(body, event, "user_username"));
    }

    @Override
    public boolean signedWith(Map<String, String> headers, byte[] body, String secret) {
        return Signatures.same(secret, headers.get(signatureHeader()));
    }

    @Override
    public String signatureHeader() {
        return "x-gitlab-token";
    }
}
