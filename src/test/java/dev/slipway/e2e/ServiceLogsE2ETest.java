package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.slipway.cli.SlipwayCli;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service's output from the CLI and the dashboard: {@code slipway logs APP --env ENV} prints the live service's
 * last lines, {@code -f} goes on printing what it prints after the follow started until the deployment stops
 * running; the environment page's stream follows it too. Secret values never come out — neither the service's own
 * (masked as written) nor one set since (masked as served) — and a user without a role on the app reads nothing.
 */
class ServiceLogsE2ETest extends BrowserE2E {
    private static final double LIVE_MILLIS = 30_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OWN = "own-" + UUID.randomUUID().toString().replace("-", "");
    private static final String LATER = "later-" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void theLiveServicesOutputIsPrintedFollowedAndMasked() throws Exception {
        createApp("talker");
        createApp("elsewhere");
        String outsider = tokenFor("olga", "viewer", "elsewhere");
        assertThat(cli.withInput(OWN).run("secret", "set", "talker", "staging", "API_KEY").exit()).isZero();
        GitClient git = exampleRepo(tmp.resolve("talker"));
        // a tick every 0.3 s; whatever the test leaves in `say` (in the service's directory) is printed once, then gone
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace(
                "command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"",
                "command: 'echo \"service sees $API_KEY\"; printf \"\\033[32mgreen start\\033[0m\\n\"; (i=0; while true; do i=$((i+1)); if [ -e say ]; then "
                        + "echo \"said $(cat say)\"; rm -f say; fi; echo \"tick $i\"; sleep 0.3; done) & "
                        + "exec java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello'")
                .replace("  - name: staging\n    branches: [ main ]", "  - name: staging\n    branches: [ main ]\n"
                        + "    secrets: [ API_KEY ]"));
        git.commitAll("a talking service");
        awaitRun("talker", pushedRun(git.push(server.pushUrl("talker"), "HEAD:refs/heads/main").ok()));
        long deployment = awaitServing("talker", "staging", "hello from staging").get("deployment").asLong();
        Path dir = server.data().resolve("environments/talker/staging/deployment-" + deployment);
        // set after the service started: it never had it, so only masking on the way out hides it
        assertThat(cli.withInput(LATER).run("secret", "set", "talker", "staging", "LATER_KEY").exit()).isZero();

        await().atMost(LONG).until(() -> cli.run("logs", "talker", "--env", "staging").out().contains("tick 2"));
        CliRunner.Result printed = cli.run("logs", "talker", "--env", "staging");
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out()).startsWith("service sees ***\n").contains("tick 1\n").doesNotContain(OWN);
        assertThat(cli.run("logs", "talker", "--env", "staging", "--tail", "1").out()).matches("tick \\d+\n");
        // the service's colour codes: stripped from plain text unless asked for, colours on the page
        assertThat(printed.out()).contains("\ngreen start\n").doesNotContain("\u001b");
        assertThat(cli.run("logs", "talker", "--env", "staging", "--color").out())
                .contains("\u001b[32mgreen start\u001b[0m");

        Following following = Following.start("logs", "talker", "--env", "staging", "-f", "--tail", "3");
        await().atMost(LONG).until(() -> following.out().contains("tick"));
        Files.writeString(dir.resolve("say"), "after the follow began: " + LATER);
        await().atMost(LONG).until(() -> following.out().contains("said after the follow began: ***"));

        List<String> page = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/ui/apps/talker/environments/staging/deployments/" + deployment + "/log/stream?from=0"))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readLines(stream.body(), page));
        await().atMost(LONG).until(() -> String.join("\n", page).contains("said after the follow began: ***"));
        Files.writeString(dir.resolve("say"), "to the page");
        await().atMost(LONG).until(() -> String.join("\n", page).contains("said to the page"));
        assertThat(String.join("\n", page)).contains("event: log").contains("service sees ***")
                .doesNotContain(OWN).doesNotContain(LATER);

        HttpResponse<String> environmentPage = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/ui/apps/talker/environments/staging"))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(environmentPage.body()).contains("Output of #" + deployment).contains("service sees ***")
                .contains("<span class=\"ansi-f2\">green start</span>").doesNotContain("\u001b")
                .contains("data-follow=\"/ui/apps/talker/environments/staging/deployments/" + deployment + "/log/stream?from=")
                .doesNotContain(OWN).doesNotContain(LATER);

        // in the browser: the live service's output on the environment page grows without a reload
        Page browserPage = browser.signedIn(server.url(), ServerProcess.ADMIN_TOKEN);
        browserPage.navigate("/ui/apps/talker/environments/staging");
        Locator shown = browserPage.locator("#servicelog-" + deployment + " pre.log");
        assertThat(shown).containsText("service sees ***");
        Files.writeString(dir.resolve("say"), "to the browser");
        assertThat(shown).containsText("said to the browser", new LocatorAssertions.ContainsTextOptions()
                .setTimeout(LIVE_MILLIS));

        for (String path : List.of("/api/v1/apps/talker/environments/staging/log",
                "/api/v1/apps/talker/environments/staging/deployments/" + deployment + "/log",
                "/ui/apps/talker/environments/staging/deployments/" + deployment + "/log")) {
            int status = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Authorization", "Bearer " + outsider).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).as(path).isIn(403, 404);
        }
        CliRunner.Result refused = cli.as(outsider).run("logs", "talker", "--env", "staging");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();

        // a newer deployment replaces the followed one: the follow ends, saying so, and exits 0
        git.commitAll("same tree, next deployment");
        awaitRun("talker", pushedRun(git.push(server.pushUrl("talker"), "HEAD:refs/heads/main").ok()));
        CliRunner.Result followed = following.result().get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(followed.exit()).as(followed.err()).isZero();
        assertThat(followed.err()).contains("stopped running in staging (RETIRED)");
        assertThat(followed.out()).doesNotContain(OWN).doesNotContain(LATER);
        await().atMost(LONG).until(() -> String.join("\n", page).contains("event: end"));
        assertThat(String.join("\n", page)).contains("data: {\"state\":\"RETIRED\"}");
        reading.get(LONG.toSeconds(), TimeUnit.SECONDS);
        // the page shows the output of the deployment live now
        long next = api.environment("talker", "staging").get("deployment").asLong();
        assertThat(browserPage.locator("#servicelog-" + next + " pre.log")).containsText("tick",
                new LocatorAssertions.ContainsTextOptions().setTimeout(LIVE_MILLIS));
        assertThat(browserPage.locator("#servicelog-" + deployment)).hasCount(0);
        assertThat(browserPage.content()).doesNotContain(OWN).doesNotContain(LATER);
    }

    private static void readLines(InputStream body, List<String> into) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                into.add(line);
            }
        } catch (java.io.IOException e) {
            into.add("(" + e + ")");
        }
    }

    /** The real CLI running in the background, its output readable while it runs. */
    private record Following(StringWriter stdout, StringWriter stderr, CompletableFuture<CliRunner.Result> result) {
        static Following start(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Map<String, String> env = Map.of("SLIPWAY_SERVER", server.url(), "SLIPWAY_TOKEN", ServerProcess.ADMIN_TOKEN);
            CompletableFuture<CliRunner.Result> result = CompletableFuture.supplyAsync(() -> {
                int exit = SlipwayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env)
                        .execute(args);
                return new CliRunner.Result(exit, out.toString(), err.toString());
            });
            return new Following(out, err, result);
        }

        String out() {
            return stdout.toString();
        }
    }
}
