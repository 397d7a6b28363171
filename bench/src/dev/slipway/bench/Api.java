package dev.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One server's HTTP API with a bearer token, over the bench's own HttpClient (a bench picks the client: its
 * protocol version is part of what it measures). Paths are relative to {@code base}; plain URLs (an environment's
 * address, an app's port) go to {@link #status} and {@link #answers} without the token.
 */
public record Api(HttpClient http, String base, String token) {
    public static final ObjectMapper JSON = new ObjectMapper();

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String text(String path) throws IOException, InterruptedException {
        return send(path).body();
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(text(path));
    }

    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, token);
    }

    /** POSTs JSON as the holder of {@code asToken}; anything but 2xx throws with the server's answer. */
    public JsonNode post(String path, String body, String asToken) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + asToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    public boolean healthy() {
        return status(base + "/healthz") == 200;
    }

    /** The status of a plain GET of {@code url}, -1 when nothing answers (yet). */
    public int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Whether a plain GET of {@code url} answers 200 with a body containing {@code text}; false while it refuses. */
    public boolean answers(String url, String text) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains(text);
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The address of {@code env} of {@code app} from its status, or null while it has none. */
    public String environmentUrl(String app, String env) throws IOException, InterruptedException {
        for (JsonNode e : get("/api/v1/apps/" + app + "/status").get("environments")) {
            if (e.get("name").asText().equals(env) && e.hasNonNull("url")) {
                return e.get("url").asText();
            }
        }
        return null;
    }
}
