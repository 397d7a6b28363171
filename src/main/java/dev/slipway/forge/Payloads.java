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
    /** The forges send GUIDs and event names; anything longer or stranger is not theirs and is not stored. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:-]{0,127}");

    private static final Pattern REF_CHARACTERS = Pattern.compile("[^\\p{Cntrl} ~^:?*\\[\\\\]+");

    private Payloads() {}

    static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw Problem.invalid("the " + name + " header is missing: is the webhook pointed at the right forge's "
                    + "endpoint (/hooks/github, /hooks/gitlab or /hooks/gitea)?");
        }
        return value.strip();
    }

    /** A delivery id or event name from {@code name}: short and plain, since it is stored and shown. */
    static String token(Map<String, String> headers, String name) {
        String value = header(headers, name);
        if (!TOKEN.matcher(value).matches()) {
            throw Problem.invalid("the " + name + " header is not a delivery id or event name the forges send "
                    + "(up to 128 letters, digits, ' ', '.', '_', ':' and '-')");
        }
        return value;
    }

    /** The delivery's {@code ref}: a full ref name ({@code refs/heads/main}). */
    static String ref(JsonNode body, String event) {
        String ref = required(body, "ref", event);
        if (!ref.startsWith("refs/") || ref.length() > 1024) {
            throw Problem.invalid("the " + event + " delivery's ref is not a full ref name like refs/heads/main");
        }
        return validRef(ref, event);
    }

    /**
     * {@code ref} when git itself would take it as a ref name (git check-ref-format's rules): no forge sends another,
     * so a delivery naming one is not a forge's and is refused before anything is stored or hinted.
     */
    static String validRef(String ref, String event) {
        if (!REF_CHARACTERS.matcher(ref).matches() || ref.contains("..") || ref.contains("//") || ref.contains("@{")
                || ref.contains("/.") || ref.endsWith("/") || ref.endsWith(".") || ref.endsWith(".lock")
                || ref.contains(".lock/")) {
            throw Problem.invalid("the " + event + " delivery's ref '" + printable(ref) + "' is not a valid ref name "
                    + "(git refuses '..', '//', '@{', control characters, spaces and ~^:?*[\\, a part starting with '.' "
                    + "or ending with '.lock')");
        }
        return ref;
    }

    /** The forge login that pushed: what a forge shows as a user name (bots' names end in {@code [bot]}). */
    static String login(JsonNode body, String event, String... paths) {
        String login = firstOf(body, event, paths);
        if (!ForgeLogin.isLogin(login)) {
            throw Problem.invalid("the " + event + " delivery's pusher '" + printable(login) + "' is not a forge login "
                    + "(up to 255 letters, digits, '-', '_', '.' and [bot], starting with a letter or digit)");
        }
        return login;
    }

    private static String printable(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
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
            return validRef(ref, event);
        }
        String type = required(body, "ref_type", event);
        return validRef(switch (type) {
            case "branch" -> "refs/heads/" + ref;
            case "tag" -> "refs/tags/" + ref;
            default -> throw Problem.invalid("the " + event + " delivery's ref_type is '" + printable(type)
                    + "': expected branch or tag");
        }, event);
    }
}
