package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job floods its log past the server's --job-log-limit: it runs to its end, its log stops at the limit with a
 * truncation line, and a server with a 64 MB heap serves that 150 MB log whole, twice: it streams, never holds it.
 */
class JobLogLimitE2ETest extends E2E {
    private static final long LIMIT = 150L * 1024 * 1024;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSmallServer() throws Exception {
        server = ServerProcess.start(tmp.resolve("data"), List.of("-Xmx64m"), List.of("--job-log-limit", "150MB"));
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @Test
    void aFloodedLogStopsAtTheLimitTheJobSucceedsAndTheWholeLogStreams() throws Exception {
        createApp("flood");
        GitClient git = GitClient.init(tmp.resolve("flood"));
        // 160 MB in lines of 999 characters, then a line that comes after the limit
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      make:
                        timeout: 5m
                        steps: [ "head -c 160000000 /dev/zero | tr '\\\\0' x | fold -w 999; echo the-last-line" ]
                """);
        git.commitAll("floods its log");

        long number = pushedRun(git.push(server.pushUrl("flood"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("flood", number);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        Served fromApi = fetch("/api/v1/apps/flood/runs/" + number + "/log");
        Served fromPage = fetch("/ui/apps/flood/runs/" + number + "/jobs/make/log");
        for (Served log : List.of(fromApi, fromPage)) {
            assertThat(log.bytes()).as("bytes served").isBetween(LIMIT - 2048, LIMIT + 3 * 1024 * 1024);
            assertThat(log.tail()).containsPattern("slipway: … log truncated at 150 MB \\(\\d+ bytes dropped\\); "
                    + "see --job-log-limit\n$").doesNotContain("the-last-line");
        }
        assertThat(server.logText()).doesNotContain("OutOfMemoryError");
        assertThat(api.run("flood", number).get("state").asText()).isEqualTo("SUCCEEDED"); // still answering
    }

    record Served(long bytes, String tail) {}

    /** Reads the body as it arrives, keeping only a count and its last 4 KB. */
    private static Served fetch(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long total = 0;
        byte[] tail = new byte[4096];
        int tailLength = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                int keep = Math.min(n, tail.length);
                int shift = Math.min(tailLength, tail.length - keep);
                System.arraycopy(tail, tailLength - shift, tail, 0, shift);
                System.arraycopy(buffer, n - keep, tail, shift, keep);
                tailLength = shift + keep;
            }
        }
        return new Served(total, new String(tail, 0, tailLength, StandardCharsets.UTF_8));
    }
}
