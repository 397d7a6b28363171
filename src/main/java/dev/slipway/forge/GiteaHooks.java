package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Gitea (and Forgejo): the event in X-Gitea-Event, the delivery's id in X-Gitea-Delivery, X-Gitea-Signature = hex
 * HMAC-SHA256 of the raw body (no prefix). Payloads are GitHub's shape; the pusher is {@code pusher.login} (or
 * {@code username}). A create event names the commit it created ({@code sha}); a delete names none.
 */
final class GiteaHooks implements HookFormat {
    @Override
    public Forge forge() {
        return Forge.GITEA;
    }

    @Override
    public ForgeEvent read(Map<String, String> headers, JsonNode body) {
        String event = Payloads.token(headers, "x-gitea-event");
        String delivery = Payloads.token(headers, "x-gitea-delivery");
        List<String> urls = Payloads.urls(body, "repository.clone_url", "repository.ssh_url", "repository.html_url");
        return switch (event) {
            case "push" -> new ForgeEvent(ForgeEvent.Kind.MOVE, delivery, event, urls,
                    Payloads.ref(body, event), Payloads.commit(body, "before", event),
                    Payloads.commit(body, "after", event), pusher(body, event));
            case "create", "delete" -> refEvent(body, delivery, event, urls);
            default -> ForgeEvent.other(ForgeEvent.Kind.OTHER, delivery, event, urls);
        };
    }

    private static ForgeEvent refEvent(JsonNode body, String delivery, String event, List<String> urls) {
        String type = Payloads.text(body, "ref_type");
        if (!"branch".equals(type) && !"tag".equals(type)) {
            return ForgeEvent.other(ForgeEvent.Kind.OTHER, delivery, event, urls);
        }
        String after = event.equals("delete") ? PushHint.ZERO
                : Payloads.text(body, "sha") == null ? null : Payloads.commit(body, "sha", event);
        return new ForgeEvent(ForgeEvent.Kind.MOVE, delivery, event, urls, Payloads.fullRef(body, event), null, after,
                pusher(body, event));
    }

    private static String pusher(JsonNode body, String event) {
        return Payloads.login(body, event, "pusher.login", "pusher.username", "sender.login", "sender.username");
    }

    @Override
    public boolean signedWith(Map<String, String> headers, byte[] body, String secret) {
        return Signatures.hmacMatches(secret, body, headers.get(signatureHeader()));
    }

    @Override
    public String signatureHeader() {
        return "x-gitea-signature";
    }
}
