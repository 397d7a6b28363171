package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared steps of the end-to-end tests: one server, the real git and the real CLI. */
abstract class E2E {
    static final Duration LONG = Duration.ofSeconds(90);
    private static final Pattern RUN = Pattern.compile("run #(\\d+)");

    static ServerProcess server;
    static CliRunner cli;
    static Api api;

    static void startServer(Path data) throws IOException {
        server = ServerProcess.start(data);
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    static void createApp(String name) {
        CliRunner.Result created = cli.run("app", "create", name);
        assertThat(created.exit()).as(created.err()).isZero();
        // the remote to add names the Slipway user, so git asks only for the password (a token)
        assertThat(created.out()).contains(server.gitUrl(name).replace("http://", "http://admin@"))
                .contains("password, give a Slipway token");
    }

    /** A new user with {@code role} on {@code app}, and a token for them. */
    static String tokenFor(String user, String role, String app) {
        CliRunner.Result created = cli.run("user", "create", user);
        assertThat(created.exit()).as(created.err()).isZero();
        CliRunner.Result grant = cli.run("grant", user, role, "--app", app);
        assertThat(grant.exit()).as(grant.err()).isZero();
        CliRunner.Result token = cli.run("token", "create", "--user", user);
        assertThat(token.exit()).as(token.err()).isZero();
        return token.out().lines().findFirst().orElseThrow().trim();
    }

    /** A git repository holding the example app, committed. */
    static GitClient exampleRepo(Path dir) throws IOException, InterruptedException {
        GitClient git = GitClient.init(dir);
        Api.copyExample(dir);
        git.commitAll("example app");
        return git;
    }

    static long pushedRun(GitClient.Result push) {
        Matcher m = RUN.matcher(push.err());
        assertThat(m.find()).as("push output names a run:\n" + push.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static JsonNode awaitRun(String app, long number) {
        return await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> api.run(app, number),
                run -> !run.get("state").asText().matches("QUEUED|RUNNING"));
    }

    /** The number of the first run for {@code branch}, once there is one. */
    static long firstRun(String app, String branch) {
        return await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> runs(app).stream()
                        .filter(r -> r.get("branch").asText().equals(branch))
                        .mapToLong(r -> r.get("number").asLong()).min(), n -> n.isPresent())
                .getAsLong();
    }

    /** The app's runs, newest first. */
    static List<JsonNode> runs(String app) throws IOException, InterruptedException {
        List<JsonNode> runs = new java.util.ArrayList<>();
        api.get("/api/v1/apps/" + app + "/runs").get("runs").forEach(runs::add);
        return runs;
    }

    /** A job's workspace on the server's disk: the one place outside a job's sandbox that it and a test both see. */
    static Path workspace(String app, long run, String job) {
        return server.data().resolve("work").resolve(app).resolve(Long.toString(run)).resolve(job);
    }

    /** Leaves the file a running job waits for (`until [ -e NAME ]`) in its workspace, once the job has one. */
    static void release(String app, long run, String job, String name) throws IOException {
        Path dir = workspace(app, run, job);
        await().atMost(LONG).until(() -> Files.isDirectory(dir));
        Files.writeString(dir.resolve(name), "go");
    }

    /** A number for `sleep` that no other test uses: sandboxed processes write no pid the host could use, so a test finds them by it. */
    static String marker() {
        return "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    /** The live `sleep` processes whose argument starts with {@code marker}. */
    static List<ProcessHandle> sleepers(String marker) {
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/sleep")
                && h.info().arguments().map(args -> args.length > 0 && args[0].startsWith(marker)).orElse(false)).toList();
    }

    /** Waits until the environment's address answers with text containing {@code expected}; returns its status. */
    static JsonNode awaitServing(String app, String env, String expected) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode e = api.environment(app, env);
            return e != null && "LIVE".equals(e.get("state").asText()) && api.fetch(e.get("url").asText()).contains(expected);
        });
        try {
            return api.environment(app, env);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
