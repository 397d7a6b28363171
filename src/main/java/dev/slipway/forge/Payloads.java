package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading the fields the formats share, with messages that say which field of which forge's delivery was wrong. */
final class Payloads {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private Payloads() {}

    static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw Problem.invalid("the " + name + " header is missing: is the webhook pointed at the right forge's "
                    + "endpoint (/hooks/github, /hooks/gitlab or /hooks/gitea)?");
        }
        return value.strip();
    }

    /** A text field at {@code path} (dotted), or null when absent. */
    static String text(JsonNode body, String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    static String required(JsonNode body, String path, String event) {
        String value = text(body, path);
        if (value == null) {
            throw Problem.invalid("the " + event + " delivery has no " + path + ": it is not in the forge's format");
        }
        return value;
    }

    /** A commit id at {@code path}: 40 (SHA-1) or 64 (SHA-256) lower-case hex. */
    static String commit(JsonNode body, String path, String event) {
        String value = required(body, path, event);
        if (!SHA.matcher(value).matches()) {
            throw Problem.invalid("the " + event + " delivery's " + path + " is not a commit id: '"
                    + (value.length() > 70 ? value.substring(0, 70) + "…" : value) + "'");
        }
        return value;
    }

    /** The first of {@code paths} that is present, else a refusal naming them all. */
    static String firstOf(JsonNode body, String event, String... paths) {
        for (String path : paths) {
            String value = text(body, path);
            if (value != null) {
                return value;
            }
        }
        throw Problem.invalid("the " + event + " delivery names no pusher (" + String.join(", ", paths) + ")");
    }

    /** The URLs present at {@code paths}, in that order. */
    static List<String> urls(JsonNode body, String... paths) {
        List<String> urls = new ArrayList<>();
        for (String path : paths) {
            String value = text(body, path);
            if (value != null && !urls.contains(value)) {
                urls.add(value);
            }
        }
        return urls;
    }

    /** {@code refs/heads/NAME} or {@code refs/tags/NAME} for a create/delete event's short name and ref_type. */
    static String fullRef(JsonNode body, String event) {
        String ref = required(body, "ref", event);
        if (ref.startsWith("refs/")) {
            return ref;
        }
        String type = required(body, "ref_type", event);
        return switch (type) {
            case "branch" -> "refs/heads/" + ref;
            case "tag" -> "refs/tags/" + ref;
            default -> throw Problem.invalid("the " + event + " delivery's ref_type is '" + type
                    + "': expected branch or tag");
        };
    }
}
