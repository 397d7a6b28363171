package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The Slipway REST API as the CLI sees it: JSON in and out, every failure turned into a
 * {@link CliException} that says what to do.
 */
final class ApiClient {
    // Bounds a hung server for one-shot calls; a followed log stream has no deadline.
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // A newer server may add fields; an older CLI should still show what it knows.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI server;
    private final String token;
    private final HttpClient http;

    /** {@code server} has no trailing slash, so that a path prefix (behind a proxy) is kept. */
    ApiClient(URI server, String token) {
        this.server = server;
        this.token = token;
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance with the server's Jetty, and SSE streams stay simple.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    URI server() {
        return server;
    }

    /** {@code /api/v1/apps/<app>} with the name safely encoded as one path segment. */
    static String appPath(String app) {
        return "/api/v1/apps/" + segment(app);
    }

    /** A name or id typed by the user, encoded so that it stays one path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path?name=value&…} with the values encoded; a parameter whose value is null is left out. */
    static String withQuery(String path, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs: " + String.join(", ", namesAndValues));
        }
        StringBuilder uri = new StringBuilder(path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                uri.append(uri.indexOf("?") < 0 ? '?' : '&')
                        .append(namesAndValues[i])
                        .append('=')
                        .append(segment(namesAndValues[i + 1]));
            }
        }
        return uri.toString();
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().timeout(CALL_TIMEOUT), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path, Object body) {
        String payload = body == null ? "" : write(body);
        HttpRequest.Builder request = request(path)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        return json(send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST of raw bytes (a file's text) with their content type; the answer is JSON like any other. */
    /** POST …/environments/{env}/{action} (swap, restart) with no body: the deployment it leaves live. */
    PromotionBodies.Deployment onEnvironment(String app, String environment, String action) {
        return read(post(appPath(app) + "/environments/" + segment(environment) + "/" + action, Map.of()),
                PromotionBodies.Deployment.class);
    }

    JsonNode post(String path, byte[] body, String contentType) {
        HttpRequest.Builder request = request(path)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return json(send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** A PUT whose answer carries no body (204); a refusal is thrown like any other. */
    void put(String path, Object body) {
        HttpRequest.Builder request = request(path)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body)));
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (!isSuccess(response.statusCode())) {
            throw refusal(response.statusCode(), response.body(), response.request().uri().getRawPath());
        }
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE().timeout(CALL_TIMEOUT), HttpResponse.BodyHandlers.ofString()));
    }

    /** A streamed body (plain text or server-sent events); the caller closes it. */
    InputStream stream(String path, String accept) {
        HttpResponse<InputStream> response =
                send(request(path).GET().header("Accept", accept), HttpResponse.BodyHandlers.ofInputStream());
        if (isSuccess(response.statusCode())) {
            return response.body();
        }
        try (InputStream body = response.body()) {
            throw refusal(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw broken(e);
        }
    }

    <T> T read(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw CliException.broken(
                    "the server at " + server + " answered JSON this CLI does not understand: " + e.getOriginalMessage(), e);
        }
    }

    /** The server's JSON as {@code jq} would show it: two-space indent, one array element per line. */
    static String pretty(JsonNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    static JsonNode parse(String json) throws JsonProcessingException {
        return JSON.readTree(json);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .header("User-Agent", "slipway-cli");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw CliException.unreachable(server, e);
        } catch (IOException e) {
            throw broken(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.broken("interrupted while waiting for the Slipway server at " + server, e);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        String path = response.request().uri().getRawPath();
        if (!isSuccess(response.statusCode())) {
            throw refusal(response.statusCode(), response.body(), path);
        }
        try {
            return parse(response.body());
        } catch (JsonProcessingException e) {
            throw CliException.broken(
                    "the server at " + server + " answered " + path + " with something other than JSON;"
                            + " is --server pointing at a Slipway server?",
                    e);
        }
    }

    /** Uses the server's own message when it sent the contract's error body, else says what happened. */
    private CliException refusal(int status, String body, String path) {
        String message = null;
        try {
            JsonNode error = parse(body);
            if (error != null && error.path("message").isTextual()) {
                message = error.get("message").asText();
            }
        } catch (JsonProcessingException notTheContractBody) {
            // Fall through: a proxy or another program answered; report the status instead.
        }
        if (message == null) {
            message = "the server at " + server + " answered HTTP " + status + " for " + path;
            if (status == 401 || status == 403) {
                message += ": pass a valid token with --token or SLIPWAY_TOKEN";
            }
        }
        return CliException.refused(message);
    }

    private CliException broken(IOException e) {
        return CliException.broken("lost the connection to the Slipway server at " + server + ": " + e, e);
    }

    private static boolean isSuccess(int status) {
        return status / 100 == 2;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not serializable: " + body, e);
        }
    }
}
