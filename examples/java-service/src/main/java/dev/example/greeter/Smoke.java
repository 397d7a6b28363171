package dev.example.greeter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The staging verify step: asks the new version, at its own address ({@code $SLIPWAY_URL}, before any traffic
 * reaches it), for its greeting and fails unless it answers 200 with the greeting the environment configures.
 */
public final class Smoke {
    private Smoke() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("SLIPWAY_URL");
        String expected = System.getenv().getOrDefault("GREETING", "hello");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().startsWith(expected + " (")) {
            System.err.println("smoke: " + url + "/ answered " + answer.statusCode() + ": " + answer.body().strip());
            System.exit(1);
        }
        System.out.println("smoke: " + answer.body().strip());
    }
}
