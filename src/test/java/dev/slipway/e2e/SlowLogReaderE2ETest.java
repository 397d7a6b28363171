package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway logs -f} piped into a pager reads when the user pages: a client of the API's log stream that reads
 * nothing for longer than a dashboard page may (5 s, with megabytes waiting) is not hung up on; it gets every line,
 * in order, when it reads again, then the run's end.
 */
class SlowLogReaderE2ETest extends OneServerE2E {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int NUMBERS = 2_000_000; // ~15 MB: far more than the socket's and the client's buffers

    @Test
    void anApiFollowerThatStopsReadingIsFedFromItsOwnPlaceWhenItReadsAgain() throws Exception {
        createApp("pager");
        GitClient git = GitClient.init(tmp.resolve("pager"));
        // the numbers at once, then at least 7.5 s of ticks (marked by 'ticked') while the test's client reads nothing
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      talk:
                        steps:
                          - run: "seq 1 %d"
                          - run: "i=0; while [ ! -e release ] && [ $i -lt 1200 ]; do i=$((i+1)); [ $i -eq 150 ] && touch ticked; echo tick $i; sleep 0.05; done; echo released"
                """.formatted(NUMBERS));
        git.commitAll("a lot to read");
        long run = pushedRun(git.push(server.pushUrl("pager"), "HEAD:refs/heads/main").ok());

        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/api/v1/apps/pager/runs/" + run + "/log"))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> Files.exists(workspace("pager", run, "talk").resolve("ticked")));
        release("pager", run, "talk", "release");

        long expected = 1;
        boolean released = false;
        String event = "";
        String end = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && event.equals("line")) {
                    String text = line.substring(line.indexOf(" [build/talk] ") + 14);
                    if (expected <= NUMBERS && text.matches("\\d+")) {
                        assertThat(text).isEqualTo(Long.toString(expected));
                        expected++;
                    }
                    released |= text.equals("released");
                } else if (line.startsWith("data: ") && event.equals("end")) {
                    end = line;
                }
            }
        }
        assertThat(expected - 1).as("numbers received in order").isEqualTo(NUMBERS);
        assertThat(released).isTrue();
        assertThat(end).isEqualTo("data: {\"state\":\"SUCCEEDED\"}");
    }
}
