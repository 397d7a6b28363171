package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A branch's dev environment lives as long as its branch: deleted on the remote, or while Slipway was down. */
class BranchLifecycleE2ETest extends OneServerE2E {
    private static final Duration SECONDS = Duration.ofSeconds(10);

    @Test
    void deletingABranchTearsDownItsEnvironmentWithinSeconds() throws Exception {
        createApp("lifecycle");
        GitClient git = exampleRepo(tmp.resolve("lifecycle"));
        awaitRun("lifecycle", pushedRun(git.push(server.pushUrl("lifecycle"), "HEAD:refs/heads/feature/x").ok()));
        JsonNode dev = awaitServing("lifecycle", "dev-feature-x", "hello from dev-feature-x");
        String url = dev.get("url").asText();
        ProcessHandle service = service("lifecycle", "dev-feature-x").orElseThrow();
        Path dir = server.data().resolve("environments").resolve("lifecycle").resolve("dev-feature-x");
        assertThat(dir).isDirectory();

        GitClient.Result delete = git.push(server.pushUrl("lifecycle"), ":feature/x").ok();

        assertThat(delete.err()).contains("remote: slipway: dev-feature-x torn down (branch feature/x deleted)");
        await().atMost(SECONDS).until(() -> api.environment("lifecycle", "dev-feature-x") == null);
        await().atMost(SECONDS).until(() -> api.fetch(url).contains("ConnectException"));
        await().atMost(SECONDS).until(() -> !service.isAlive());
        assertThat(dir).doesNotExist();
        assertThat(environmentNames("lifecycle")).doesNotContain("dev-feature-x");

        JsonNode history = api.get("/api/v1/apps/lifecycle/environments/dev-feature-x/deployments").get("deployments");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("state").asText()).isEqualTo("RETIRED");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("environment torn down: branch feature/x deleted");

        JsonNode tornDown = auditEntry("lifecycle", "environment.torn_down");
        assertThat(tornDown.get("actor").asText()).isEqualTo("admin");
        assertThat(tornDown.get("subject").asText()).isEqualTo("dev-feature-x");
        assertThat(tornDown.get("before").asText()).isEqualTo(dev.get("digest").asText());
        assertThat(tornDown.get("after").asText()).isEqualTo("branch feature/x deleted");
        CliRunner.Result verify = cli.run("audit", "verify");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("audit chain ok");

        GitClient.Result again = git.push(server.pushUrl("lifecycle"), "HEAD:refs/heads/feature/x").ok();
        awaitRun("lifecycle", pushedRun(again));
        JsonNode back = awaitServing("lifecycle", "dev-feature-x", "hello from dev-feature-x");
        assertThat(back.get("digest").asText()).as("the artifact is reused").isEqualTo(dev.get("digest").asText());
    }

    @Test
    void anEnvironmentWhoseBranchWentAwayWhileSlipwayWasDownIsTornDownAtStartUp() throws Exception {
        createApp("sweep");
        GitClient git = exampleRepo(tmp.resolve("sweep"));
        awaitRun("sweep", pushedRun(git.push(server.pushUrl("sweep"), "HEAD:refs/heads/gone/soon").ok()));
        awaitRun("sweep", pushedRun(git.push(server.pushUrl("sweep"), "HEAD:refs/heads/stays").ok()));
        awaitServing("sweep", "dev-gone-soon", "hello from dev-gone-soon");
        awaitServing("sweep", "dev-stays", "hello from dev-stays");
        ProcessHandle gone = service("sweep", "dev-gone-soon").orElseThrow();
        ProcessHandle stays = service("sweep", "dev-stays").orElseThrow();

        server.crash();
        assertThat(gone.isAlive()).as("services outlive a crash").isTrue();
        Path bare = server.data().resolve("repos").resolve("sweep.git");
        new GitClient(tmp).run("--git-dir", bare.toString(), "update-ref", "-d", "refs/heads/gone/soon").ok();
        server.launch();

        assertThat(environmentNames("sweep")).containsExactly("dev-stays");
        await().atMost(SECONDS).until(() -> !gone.isAlive());
        assertThat(server.data().resolve("environments").resolve("sweep").resolve("dev-gone-soon")).doesNotExist();
        assertThat(service("sweep", "dev-stays")).contains(stays);
        awaitServing("sweep", "dev-stays", "hello from dev-stays");
        JsonNode tornDown = auditEntry("sweep", "environment.torn_down");
        assertThat(tornDown.get("actor").asText()).isEqualTo("slipway");
        assertThat(tornDown.get("subject").asText()).isEqualTo("dev-gone-soon");
        assertThat(tornDown.get("after").asText()).isEqualTo("branch gone/soon no longer exists");
        assertThat(cli.run("audit", "verify").exit()).isZero();
    }

    @Test
    void aBranchWhoseNameCollidesIsToldWhichBranchOwnsTheEnvironmentInThePushTheApiTheCliAndTheDashboard()
            throws Exception {
        createApp("collide");
        GitClient git = exampleRepo(tmp.resolve("collide"));
        awaitRun("collide", pushedRun(git.push(server.pushUrl("collide"), "HEAD:refs/heads/feature/a.b").ok()));
        JsonNode owned = awaitServing("collide", "dev-feature-a-b", "hello from dev-feature-a-b");

        GitClient.Result second = git.push(server.pushUrl("collide"), "HEAD:refs/heads/Feature/A_B").ok();

        String told = "not deploying Feature/A_B to dev-feature-a-b: that environment belongs to branch feature/a.b";
        assertThat(second.err()).contains("remote: slipway: " + told)
                .contains("rename Feature/A_B, or delete feature/a.b (git push slipway :feature/a.b)");
        long number = pushedRun(second);
        JsonNode run = awaitRun("collide", number);
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("warnings")).as(run.toString()).hasSize(1);
        assertThat(run.get("warnings").get(0).asText()).startsWith(told);
        JsonNode listed = api.get("/api/v1/apps/collide/runs").get("runs").get(0);
        assertThat(listed.get("number").asLong()).isEqualTo(number);
        assertThat(listed.get("warnings").get(0).asText()).startsWith(told);

        CliRunner.Result runs = cli.run("runs", "collide");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("warning: " + told);
        CliRunner.Result shown = cli.run("run", "collide", Long.toString(number));
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("warning:  " + told);
        String page = api.raw("GET", "/ui/apps/collide/runs/" + number, null).body();
        assertThat(page).contains("not deploying Feature/A_B to dev-feature-a-b").contains("class=\"warning\"");

        // the first branch's environment is untouched
        assertThat(api.environment("collide", "dev-feature-a-b").get("deployment").asLong())
                .isEqualTo(owned.get("deployment").asLong());
    }

    @Test
    void ofTwoCollidingBranchesPushedAtOnceOneGetsTheEnvironmentAndTheOtherAWarning() throws Exception {
        createApp("twins");
        GitClient git = exampleRepo(tmp.resolve("twins"));

        GitClient.Result push = git.run("push", server.pushUrl("twins"), "HEAD:refs/heads/feature/c.d",
                "HEAD:refs/heads/feature/c-d").ok();

        java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("run #(\\d+) ").matcher(push.err());
        List<Long> runs = new ArrayList<>();
        while (numbers.find()) {
            runs.add(Long.parseLong(numbers.group(1)));
        }
        assertThat(runs).as(push.err()).hasSize(2);
        runs.forEach(n -> assertThat(awaitRun("twins", n).get("state").asText()).isEqualTo("SUCCEEDED"));
        awaitServing("twins", "dev-feature-c-d", "hello from dev-feature-c-d");
        String owner = api.run("twins", api.environment("twins", "dev-feature-c-d").get("run").asLong())
                .get("branch").asText();
        String other = owner.equals("feature/c.d") ? "feature/c-d" : "feature/c.d";
        JsonNode warned = await().atMost(SECONDS).until(() -> {
            for (long n : runs) {
                JsonNode run = api.run("twins", n);
                if (!run.get("warnings").isEmpty()) {
                    return run;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(warned.get("branch").asText()).isEqualTo(other);
        assertThat(warned.get("warnings").get(0).asText())
                .startsWith("not deploying " + other + " to dev-feature-c-d: that environment belongs to branch " + owner);
        assertThat(api.get("/api/v1/apps/twins/environments/dev-feature-c-d/deployments").get("deployments"))
                .as("only the owner's run deployed").allSatisfy(d -> assertThat(d.get("run").asLong())
                        .isEqualTo(api.environment("twins", "dev-feature-c-d").get("run").asLong()));
    }

    private static List<String> environmentNames(String app) throws Exception {
        CliRunner.Result status = cli.run("status", app, "--json");
        assertThat(status.exit()).as(status.err()).isZero();
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(status.out()).get("environments").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    private static JsonNode auditEntry(String app, String action) throws Exception {
        CliRunner.Result list = cli.run("audit", "--app", app, "--json", "--limit", "500");
        assertThat(list.exit()).as(list.err()).isZero();
        for (JsonNode entry : new ObjectMapper().readTree(list.out()).get("entries")) {
            if (entry.get("action").asText().equals(action)) {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " in the audit log of " + app + ":\n" + list.out());
    }

    /** The service process serving an environment: running Hello with that SLIPWAY_APP and SLIPWAY_ENV. */
    private static Optional<ProcessHandle> service(String app, String env) {
        server.remember();
        for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
            Path environ = Path.of("/proc", Long.toString(h.pid()), "environ");
            try {
                String vars = new String(Files.readAllBytes(environ));
                if (vars.contains("SLIPWAY_ENV=" + env + "\0") && vars.contains("SLIPWAY_APP=" + app + "\0")
                        && h.info().commandLine().orElse("").contains("Hello")) {
                    return Optional.of(h);
                }
            } catch (Exception ignored) {
                // not ours, or gone
            }
        }
        return Optional.empty();
    }
}
