package dev.slipway.environment.local;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.Launch;
import dev.slipway.process.Spawned;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Waits for a freshly started service to answer its health (readiness) path with 2xx, or says why it did not. Until the
 * port accepts connections it only tries to connect, which costs next to nothing, so it can look every 2 ms
 * (the service is usually up within the first second); an HTTP request costs about a millisecond of CPU, taken
 * from the service that is starting on the same host, so those go every 10 ms. The Docker target waits for its
 * containers (on the host network) the same way, through {@link Watched}.
 */
public final class HealthProbe {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration FAST_POLL = Duration.ofMillis(2);
    private static final Duration FAST_FOR = Duration.ofSeconds(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** What the probe watches while it waits, besides the port: whether the service ended, and its last output. */
    public interface Watched {
        /** What is started, as a failure names it ("`exec app`", "container slipway-…"). */
        String what();

        /** Its exit code once it has ended; empty while it runs. */
        OptionalInt exited() throws InterruptedException;

        /** Its last lines of output, introduced ("; last output:\n…"), or "" when there are none. */
        String tail();
    }

    void awaitHealthy(Spawned process, int port, Launch launch, Path logFile) throws DeployFailedException {
        awaitHealthy(port, launch, new Watched() {
            @Override
            public String what() {
                return "`" + launch.command() + "`";
            }

            @Override
            public OptionalInt exited() throws InterruptedException {
                return process.waitFor(Duration.ZERO);
            }

            @Override
            public String tail() {
                return HealthProbe.tail(logFile);
            }
        });
    }

    /** Waits until GET http://127.0.0.1:PORT{health} answers 2xx, the service ends, or the start timeout passes. */
    public void awaitHealthy(int port, Launch launch, Watched watched) throws DeployFailedException {
        URI uri = URI.create("http://127.0.0.1:" + port + launch.health());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Instant started = Instant.now();
        Instant fastUntil = started.plus(FAST_FOR);
        Instant deadline = started.plus(launch.startTimeout());
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                OptionalInt exited = watched.exited();
                if (exited.isPresent()) {
                    throw new DeployFailedException(watched.what() + " exited with code " + exited.getAsInt()
                            + " before answering GET " + launch.health() + watched.tail());
                }
                if (!accepts(address)) {
                    last = "connection refused";
                    pause(Instant.now().isBefore(fastUntil) ? FAST_POLL : POLL);
                    continue;
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
            pause(POLL);
        }
        throw new DeployFailedException("the service did not answer GET " + launch.health() + " with 2xx within "
                + launch.startTimeout().toSeconds() + "s (last: " + last + "); the previous version keeps running"
                + watched.tail());
    }

    /** Whether anything listens on the port yet; refused at once on loopback while nothing does. */
    private static boolean accepts(InetSocketAddress address) {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(Duration pause) throws DeployFailedException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailedException("interrupted while waiting for the service to become healthy");
        }
    }

    /** The last 10 lines of a log file, introduced as {@link Watched#tail()} says. */
    public static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 10), lines.size());
            return last.isEmpty() ? "" : "; last output:\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }
}
