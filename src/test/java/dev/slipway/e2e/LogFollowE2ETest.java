package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A job's log followed by a dashboard page and by the API ({@code slipway logs -f}) at once is read by one ticker for
 * both: the API's stream, joining after the page's follower has read far ahead, still gets every line from the
 * first, in order, then the run's end; the page gets the job's end.
 */
class LogFollowE2ETest extends OneServerE2E {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theApiStreamJoiningAPageFollowingTheSameLogGetsEveryLineFromTheStart() throws Exception {
        createApp("follow");
        GitClient git = GitClient.init(tmp.resolve("follow"));
        // ~900 KB of numbers (several reads of the shared ticker), then ticks until the test releases the job
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      talk:
                        steps:
                          - run: "seq 1 30000"
                          - run: "i=0; while [ ! -e release ] && [ $i -lt 1200 ]; do i=$((i+1)); echo tick $i; sleep 0.05; done; echo released"
                """);
        git.commitAll("follow");
        long run = pushedRun(git.push(server.pushUrl("follow"), "HEAD:refs/heads/main").ok());

        Iterator<String> page = open("/ui/apps/follow/runs/" + run + "/jobs/talk/log/stream?from=0", "text/event-stream");
        waitFor(page, "tick");
        Iterator<String> api = open("/api/v1/apps/follow/runs/" + run + "/log", "text/event-stream");
        List<String> lines = new ArrayList<>();
        String event = "";
        while (!lines.contains("tick 3") || !lines.get(lines.size() - 1).startsWith("tick")) {
            String line = api.next();
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && event.equals("line")) {
                assertThat(line).contains(" [build/talk] ");
                lines.add(line.substring(line.indexOf(" [build/talk] ") + 14));
            }
        }
        assertThat(lines.get(0)).isEqualTo("$ seq 1 30000");
        assertThat(lines.subList(1, 30001)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 30000).mapToObj(Long::toString).toList());

        release("follow", run, "talk", "release");
        List<String> rest = new ArrayList<>();
        api.forEachRemaining(rest::add);
        assertThat(rest).contains("event: end", "data: {\"state\":\"SUCCEEDED\"}");
        assertThat(String.join("\n", rest)).contains("[build/talk] released");
        waitFor(page, "event: end");
        assertThat(page.next()).isEqualTo("data: {\"state\":\"SUCCEEDED\"}");
    }

    private static Iterator<String> open(String path, String accept) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().iterator();
    }

    private static void waitFor(Iterator<String> stream, String text) {
        while (!stream.next().contains(text)) {
            // reading on: the job's own bound (60 s) ends the stream, and the test, if the text never comes
        }
    }
}
