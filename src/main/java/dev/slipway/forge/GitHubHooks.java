package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * GitHub: the event in X-GitHub-Event, the delivery's GUID in X-GitHub-Delivery, and X-Hub-Signature-256 =
 * {@code sha256=} + hex HMAC-SHA256 of the raw body. A push names ref, before and after; create and delete name only
 * the short ref and its type, so their hint says no commit (create: just look) or a deletion.
 */
final class GitHubHooks implements HookFormat {
    private static final String PREFIX = "sha256=";

    @Override
    public Forge forge() {
        return Forge.GITHUB;
    }

    @Override
    public ForgeEvent read(Map<String, String> headers, JsonNode body) {
        String event = Payloads.token(headers, "x-github-event");
        String delivery = Payloads.token(headers, "x-github-delivery");
        List<String> urls = Payloads.urls(body, "repository.clone_url", "repository.ssh_url", "repository.html_url");
        return switch (event) {
            case "ping" -> ForgeEvent.other(ForgeEvent.Kind.PING, delivery, event, urls);
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
            return ForgeEvent.other(ForgeEvent.Kind.OTHER, delivery, event, urls); // a repository was created
        }
        return new ForgeEvent(ForgeEvent.Kind.MOVE, delivery, event, urls, Payloads.fullRef(body, event), null,
                event.equals("delete") ? PushHint.ZERO : null, pusher(body, event));
    }

    private static String pusher(JsonNode body, String event) {
        return Payloads.login(body, event, "pusher.name", "sender.login");
    }

    @Override
    public boolean signedWith(Map<String, String> headers, byte[] body, String secret) {
        String signature = headers.get(signatureHeader());
        return signature != null && signature.startsWith(PREFIX)
                && Signatures.hmacMatches(secret, body, signature.substring(PREFIX.length()));
    }

    @Override
    public String signatureHeader() {
        return "x-hub-signature-256";
    }
}
