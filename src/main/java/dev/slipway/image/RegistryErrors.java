package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a registry's error answer ({@code {"errors":[{"code","message","detail"}]}}) into a {@link ExternalRegistryException}. */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 300;

    private RegistryErrors() {}

    /** "registry H refused WHAT: CODE message (detail); CODE message (HTTP n)". */
    static ExternalRegistryException refused(String registry, String what, int status, byte[] body) {
        List<String> codes = new ArrayList<>();
        String details = details(body, codes);
        String message = "registry " + registry + " refused " + what + ": "
                + (details.isEmpty() ? withoutBody(status) : details) + " (HTTP " + status + ")";
        return new ExternalRegistryException(message, status, codes);
    }

    /** A HEAD answer has no body: the status is all the registry said. */
    private static String withoutBody(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "denied";
            case 404 -> "not found";
            case 429 -> "too many requests";
            default -> "no reason given";
        };
    }

    private static String details(byte[] body, List<String> codes) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode error : errors) {
                    String code = error.path("code").asText("");
                    codes.add(code);
                    String part = (code + " " + error.path("message").asText("")).strip();
                    JsonNode detail = error.path("detail");
                    if (detail.isTextual() && !detail.asText().isBlank() && detail.asText().length() <= 100) {
                        part += " (" + detail.asText() + ")"; // which blob, which tag: the registry's own word
                    }
                    if (!parts.contains(part)) {
                        parts.add(part);
                    }
                }
                return String.join("; ", parts);
            }
        } catch (Exception notJson) {
            // fall through: some proxies and registries answer with text or HTML
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }
}
