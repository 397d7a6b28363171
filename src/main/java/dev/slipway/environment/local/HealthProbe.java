package dev.slipway.environment.local;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.Launch;
import dev.slipway.process.Spawned;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/** Waits for a freshly started service to answer its health path with 2xx, or says why it did not. */
final class HealthProbe {
    private static final Duration POLL = Duration.ofMillis(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    void awaitHealthy(Spawned process, int port, Launch launch, Path logFile) throws DeployFailedException {
        URI uri = URI.create("http://127.0.0.1:" + port + launch.health());
        Instant deadline = Instant.now().plus(launch.startTimeout());
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                OptionalInt exited = process.waitFor(Duration.ZERO);
                if (exited.isPresent()) {
                    throw new DeployFailedException("`" + launch.command() + "` exited with code " + exited.getAsInt()
                            + " before answering GET " + launch.health() + tail(logFile));
                }
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployFailedException("interrupted while waiting for the service to become healthy");
            }
            pause();
        }
        throw new DeployFailedException("the service did not answer GET " + launch.health() + " with 2xx within "
                + launch.startTimeout().toSeconds() + "s (last: " + last + "); the previous version keeps running"
                + tail(logFile));
    }

    private static void pause() throws DeployFailedException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailedException("interrupted while waiting for the service to become healthy");
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 10), lines.size());
            return last.isEmpty() ? "" : "; last output:\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }
}
