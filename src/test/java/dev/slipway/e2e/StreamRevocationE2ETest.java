package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event streams opened before a token is revoked end soon after it: the API's followed run log (Bearer), and the
 * dashboard's live events and job log (a session signed in with the token). The server re-checks open streams
 * every 300 ms here (SLIPWAY_STREAM_RECHECK); the job they follow keeps running and printing meanwhile.
 */
class StreamRevocationE2ETest extends E2E {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(tmp.resolve("data"), null, Map.of("SLIPWAY_STREAM_RECHECK", "300ms"));
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @Test
    void openStreamsEndWhenTheirTokenIsRevoked() throws Exception {
        createApp("streams");
        String token = tokenFor("sam", "viewer", "streams");
        GitClient git = exampleRepo(tmp.resolve("streams"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace(
                "java -cp dist Hello --self-test", "while true; do echo still testing; sleep 0.2; done"));
        git.commitAll("a test that never ends");
        long run = pushedRun(git.push(server.pushUrl("streams"), "HEAD:refs/heads/main").ok());
        await().atMost(LONG).until(() -> api.run("streams", run).get("stages").toString().contains("\"RUNNING\""));
        String cookie = signIn(token);

        Stream apiLog = Stream.open("/api/v1/apps/streams/runs/" + run + "/log", "Authorization", "Bearer " + token);
        Stream pageEvents = Stream.open("/ui/apps/streams/events", "Cookie", cookie);
        Stream jobLog = Stream.open("/ui/apps/streams/runs/" + run + "/jobs/unit/log/stream", "Cookie", cookie);
        await().atMost(LONG).until(() -> apiLog.saw("still testing") && jobLog.saw("still testing")
                && pageEvents.saw("watching streams"));
        assertThat(List.of(apiLog, pageEvents, jobLog)).noneMatch(Stream::ended);

        String id = token.substring(4, token.indexOf('.'));
        assertThat(api.raw("DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> apiLog.ended() && pageEvents.ended() && jobLog.ended());
        assertThat(apiLog.text()).contains("event: denied").contains("revoked");
        assertThat(api.run("streams", run).get("state").asText()).as("the job itself goes on").isEqualTo("RUNNING");
        assertThat(cli.run("cancel", "streams", Long.toString(run)).exit()).isZero();
    }

    /** Signs in to the dashboard with the token; the session cookie ("name=value"). */
    private static String signIn(String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/ui/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** An open event stream read line by line on its own thread, until the server ends it. */
    private static final class Stream {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile boolean ended;

        static Stream open(String path, String header, String value) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Accept", "text/event-stream").header(header, value).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            Stream stream = new Stream();
            Thread reader = new Thread(() -> stream.read(response.body()), "sse-" + path);
            reader.setDaemon(true);
            reader.start();
            return stream;
        }

        private void read(InputStream body) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(" + e + ")");
            }
            ended = true;
        }

        boolean saw(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        boolean ended() {
            return ended;
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
