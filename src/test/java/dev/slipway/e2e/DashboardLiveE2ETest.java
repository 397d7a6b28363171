package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's live parts over Server-Sent Events, against the real server, git and Chromium: a running job's log
 * streams onto the run page, earlier parts of a long log load on demand, job states change without a reload, and a
 * page only hears of the apps its viewer may see. The pages' fallback re-fetch is 60 s; every wait here is far
 * shorter, so what the test sees came over the event streams.
 */
class DashboardLiveE2ETest extends BrowserE2E {
    /** Well under the pages' 60 s fallback re-fetch. */
    private static final double LIVE_MILLIS = 20_000;
    private static final Pattern TICK = Pattern.compile("tick (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();


    @Test
    void aRunningJobsLogStreamsOntoTheRunPageAndEarlierPartsLoadOnDemand() throws Exception {
        createApp("chatty");
        GitClient git = GitClient.init(tmp.resolve("chatty"));
        // > 64 KB of numbers first (the page shows the tail), then ticks until the test creates the release file in the
        // job's workspace;
        // bounded: the job gives up by itself after 60 s
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      talk:
                        steps:
                          - run: "seq 1 30000"
                          - run: "i=0; while [ ! -e release ] && [ $i -lt 1200 ]; do i=$((i+1)); echo tick $i; sleep 0.05; done; echo released"
                """);
        git.commitAll("chatty");
        long run = pushedRun(git.push(server.pushUrl("chatty"), "HEAD:refs/heads/main").ok());

        Page page = browser.signedIn(server.url(), ServerProcess.ADMIN_TOKEN);
        page.navigate("/ui/apps/chatty/runs/" + run);
        Locator log = page.locator("#logbox-talk pre.log:not(.chunk)");
        assertThat(log).containsText("tick", new LocatorAssertions.ContainsTextOptions().setTimeout(LIVE_MILLIS));
        int shown = lastTick(log.textContent());
        // new lines arrive without a reload
        assertThat(log).containsText("tick " + (shown + 5) + "\n",
                new LocatorAssertions.ContainsTextOptions().setTimeout(LIVE_MILLIS));
        assertThat(page.locator("#job-talk .badge").first()).hasText("RUNNING");

        // the log is longer than its tail: earlier parts load on demand, each a chunk
        Locator earlier = page.locator("#logbox-talk a.earlier");
        assertThat(earlier).isVisible();
        long before = Long.parseLong(earlier.getAttribute("href").replaceAll(".*before=", ""));
        earlier.click();
        Locator chunk = page.locator("#logbox-talk pre.chunk");
        assertThat(chunk).hasCount(1);
        assertThat(chunk).containsText("\n");
        assertThat(chunk.textContent()).doesNotContain("tick");
        long nextBefore = Long.parseLong(page.locator("#logbox-talk a.earlier").getAttribute("href")
                .replaceAll(".*before=", ""));
        assertThat(nextBefore).isLessThan(before);
        Browser.screenshot(page, "run-live");

        // the job ends: its last line streams in, and its state changes on the page without a reload; the log box
        // (with the loaded chunk) is kept as it is
        release("chatty", run, "talk", "release");
        assertThat(log).containsText("released", new LocatorAssertions.ContainsTextOptions().setTimeout(LIVE_MILLIS));
        assertThat(page.locator("#job-talk .badge").first()).hasText("SUCCEEDED",
                new LocatorAssertions.HasTextOptions().setTimeout(LIVE_MILLIS));
        assertThat(page.locator("#logbox-talk pre.chunk")).hasCount(1);
        assertThat(awaitRun("chatty", run).get("state").asText()).isEqualTo("SUCCEEDED");

        // without JavaScript (or for scripts) the same links answer plain text
        HttpResponse<String> whole = get("/ui/apps/chatty/runs/" + run + "/jobs/talk/log", ServerProcess.ADMIN_TOKEN);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).contains(" 1\n", " 30000\n", "released");
        HttpResponse<String> part = get("/ui/apps/chatty/runs/" + run + "/jobs/talk/log?before=" + nextBefore,
                ServerProcess.ADMIN_TOKEN);
        assertThat(part.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(part.body().length()).isBetween(60_000, 64 * 1024);
    }

    @Test
    void aPageHearsOnlyOfTheAppsItsViewerMaySee() throws Exception {
        createApp("seen");
        assertThat(cli.run("user", "create", "vic").exit()).isZero();
        assertThat(cli.run("grant", "vic", "viewer", "--app", "seen").exit()).isZero();
        CliRunner.Result token = cli.run("token", "create", "--user", "vic");
        String vic = token.out().lines().findFirst().orElseThrow().trim();

        assertThat(get("/ui/apps/unseen/events", vic).statusCode()).isIn(403, 404);
        try (Events events = Events.open(server.url() + "/ui/events", vic)) {
            createApp("unseen"); // a change vic may not see, then one vic may
            assertThat(cli.run("grant", "vic", "developer", "--app", "seen").exit()).isZero();
            git("seen").push(server.pushUrl("seen"), "HEAD:refs/heads/main").ok();
            String first = events.next("changed");
            assertThat(first).isEqualTo("seen");
        }
        try (Events events = Events.open(server.url() + "/ui/apps/seen/events", vic)) {
            git("seen").push(server.pushUrl("seen"), "HEAD:refs/heads/other").ok();
            assertThat(events.next("changed")).isEqualTo("seen");
        }
    }

    private static GitClient git(String app) throws IOException, InterruptedException {
        Path dir = tmp.resolve("repo-" + app);
        if (Files.exists(dir)) {
            return new GitClient(dir);
        }
        GitClient git = GitClient.init(dir);
        git.write(".slipway.yml", "stages:\n  - name: build\n    jobs:\n      hi:\n        steps: [ { run: \"echo hi\" } ]\n");
        git.commitAll("hi");
        return git;
    }

    private static int lastTick(String text) {
        Matcher m = TICK.matcher(text);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    @Test
    void aPageThatStopsReadingALogHoldsUpNoOtherPage() throws Exception {
        createApp("flood");
        GitClient git = GitClient.init(tmp.resolve("flood"));
        // 16 MB of lines at once (more than loopback socket buffers hold), then one line when the test says so;
        // bounded: the job gives up by itself after 60 s
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      flood:
                        steps:
                          - run: "head -c 16000000 /dev/zero | tr '\\\\0' x | fold -w 99"
                          - run: "i=0; while [ ! -e release ] && [ $i -lt 1200 ]; do i=$((i+1)); sleep 0.05; done; echo released"
                """);
        git.commitAll("flood");
        long run = pushedRun(git.push(server.pushUrl("flood"), "HEAD:refs/heads/main").ok());
        String stream = "/ui/apps/flood/runs/" + run + "/jobs/flood/log/stream";
        await().atMost(LONG).until(() -> api.run("flood", run).get("state").asText().equals("RUNNING"));

        // a page that asks for the log and then never reads a byte (a small receive window, no autotuning)
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            URI base = URI.create(server.url());
            stalled.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            stalled.getOutputStream().write(("GET " + stream + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + ServerProcess.ADMIN_TOKEN
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            // another page follows the same log from the start and gets all of it, then the last line
            try (Events reader = Events.open(server.url() + stream, ServerProcess.ADMIN_TOKEN, ": following")) {
                long full = 16_000_000 / 99; // fold's full lines (the last one is shorter)
                // ~10 s here (CI under load once needed more than 45 s); held up by the stalled page, it got
                // ~21,000 lines and no more, however long it waited
                assertThat(reader.countLinesUntil("x".repeat(99), full, 90_000)).isEqualTo(full);
                release("flood", run, "flood", "release");
                assertThat(reader.countLinesUntil(" released", 1, LIVE_MILLIS)).isEqualTo(1);
                assertThat(reader.next("end")).contains("SUCCEEDED");
            }
        } finally {
            Path workspace = workspace("flood", run, "flood");
            if (Files.isDirectory(workspace)) {
                Files.writeString(workspace.resolve("release"), "go");
            }
        }
    }

    @Test
    void theOverviewFoldsDevEnvironmentsAndAnOpenedGroupLoadsThemAndStaysOpenWhileTheyChange() throws Exception {
        createApp("branchy");
        GitClient git = exampleRepo(tmp.resolve("branchy"));
        String pushUrl = server.pushUrl("branchy");
        awaitRun("branchy", pushedRun(git.push(pushUrl, "HEAD:refs/heads/demo/try").ok()));
        String first = shortDigest(awaitServing("branchy", "dev-demo-try", "version 1.0.0"));

        // folded: the overview says how many and in which state, and reads none of their deployments
        Page page = browser.signedIn(server.url(), ServerProcess.ADMIN_TOKEN);
        Locator group = page.locator("#dev-branchy");
        assertThat(group.locator("summary")).containsText("dev (1)");
        assertThat(group.locator("summary")).containsText("1 LIVE");
        assertThat(group.locator("[data-env=dev-demo-try]")).hasCount(0);
        String folded = get("/ui", ServerProcess.ADMIN_TOKEN).body();
        assertThat(folded).contains("href=\"/ui/apps/branchy#dev-branchy\"").doesNotContain("data-env=\"dev-demo-try\"");
        assertThat(get("/ui/apps/branchy", ServerProcess.ADMIN_TOKEN).body()).as("the app page shows them all")
                .contains("data-env=\"dev-demo-try\"");

        // opened: its cells load
        group.locator("summary").click();
        assertThat(group.locator("[data-env=dev-demo-try] .digest")).hasText(first);
        Browser.screenshot(page, "overview-dev-open");

        // a new version on the branch: the overview re-fetches itself; the group stays open and shows it
        git.write("VERSION", "1.0.1\n");
        git.commitAll("1.0.1");
        awaitRun("branchy", pushedRun(git.push(pushUrl, "HEAD:refs/heads/demo/try").ok()));
        String second = shortDigest(awaitServing("branchy", "dev-demo-try", "version 1.0.1"));
        assertThat(second).isNotEqualTo(first);
        assertThat(page.locator("#dev-branchy[open] [data-env=dev-demo-try] .digest")).hasText(second,
                new LocatorAssertions.HasTextOptions().setTimeout(LIVE_MILLIS));
    }

    private static String shortDigest(com.fasterxml.jackson.databind.JsonNode env) {
        String digest = env.get("digest").asText();
        return digest.substring(0, digest.indexOf(':') + 13);
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An event stream read line by line in the background; closing it hangs up. */
    private static final class Events implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;

        private Events(CompletableFuture<HttpResponse<Stream<String>>> response) {
            this.response = response;
        }

        static Events open(String url, String token) throws Exception {
            return open(url, token, ": watching");
        }

        /** Opens the stream; returns once its first line starting with {@code first} came. */
        static Events open(String url, String token, String first) throws Exception {
            CompletableFuture<HttpResponse<Stream<String>>> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            Events events = new Events(response);
            HttpResponse<Stream<String>> r = response.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> {
                try {
                    r.body().forEach(events.lines::add);
                } catch (RuntimeException e) {
                    // hung up
                }
            }, "events-reader");
            reader.setDaemon(true);
            reader.start();
            events.awaitLine(first); // subscribed: what happens from now on is heard
            return events;
        }

        private void awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "' within 30 s");
        }

        /** Counts the lines ending in {@code text} until {@code count} of them came or {@code millis} passed. */
        long countLinesUntil(String text, long count, double millis) throws InterruptedException {
            long deadline = System.nanoTime() + (long) (millis * 1_000_000);
            long seen = 0;
            while (seen < count && System.nanoTime() < deadline) {
                String next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next != null && next.startsWith("data: ") && next.endsWith(text)) {
                    seen++;
                }
            }
            return seen;
        }

        /** The data of the next event with this name. */
        String next(String event) throws InterruptedException {
            awaitLine("event: " + event);
            String data = lines.poll(30, TimeUnit.SECONDS);
            assertThat(data).startsWith("data: ");
            return data.substring("data: ".length());
        }

        @Override
        public void close() throws Exception {
            HttpResponse<Stream<String>> r = response.getNow(null);
            if (r != null) {
                r.body().close();
            }
            response.cancel(true);
        }
    }
}
