package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Java services" section, as written: examples/java-service (a Maven web service and its
 * `.slipway.yml`) pushed with the real git client goes through an offline Maven build from the app's seeded cache,
 * a test stage on the classes the build passed on, blue/green staging behind a Java verify step, and into
 * production with a release tag and another releaser's approval — the one jar built once.
 */
class JavaServiceE2ETest extends OneServerE2E {
    private static final Path EXAMPLE = Path.of("examples", "java-service");
    private static final Pattern PROMOTION = Pattern.compile("promotion #(\\d+)");

    @Test
    void theReadmesPipelineFileIsTheExamplesOwn() throws Exception {
        String yml = Files.readString(EXAMPLE.resolve(".slipway.yml"));
        assertThat(Files.readString(Path.of("README.md"))).as("README shows examples/java-service/.slipway.yml")
                .contains(yml.strip());
    }

    @Test
    void theMavenServiceGoesFromPushToProductionBuiltOnce() throws Exception {
        createApp("greeter");
        String alice = tokenFor("alice", "releaser", "greeter");
        String bob = tokenFor("bob", "releaser", "greeter");
        GitClient git = GitClient.init(tmp.resolve("greeter"));
        BuildCacheE2ETest.copyProject(EXAMPLE, git.dir());
        git.commitAll("greeter 1.0.0");
        BuildCacheE2ETest.seed(server.data().resolve("caches/greeter").resolve(BuildCacheE2ETest.M2_KEY), EXAMPLE);

        long number = pushedRun(git.push(server.pushUrl("greeter", "alice", alice), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("greeter", number);
        String log = cli.run("logs", "greeter", Long.toString(number)).out();
        assertThat(run.get("state").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("BUILD SUCCESS", "slipway: saved cache ~/.m2/repository", "self-test passed")
                .doesNotContain("Downloading", "Downloaded")
                .doesNotContain("\u001b"); // Maven's colour codes: stripped from plain text

        JsonNode staging = awaitServing("greeter", "staging", "hello from staging (1.0.0)");
        JsonNode deployment = api.get("/api/v1/apps/greeter/environments/staging/deployments").get("deployments").get(0);
        assertThat(deployment.get("state").asText()).isEqualTo("LIVE");
        assertThat(api.fetch(staging.get("url").asText() + "/health/liveness")).contains("alive");

        git.run("tag", "v1.0.0");
        GitClient.Result tagged = git.push(server.pushUrl("greeter", "alice", alice), "refs/tags/v1.0.0");
        Matcher m = PROMOTION.matcher(tagged.err());
        assertThat(m.find()).as("the tag push names a promotion:\n" + tagged.err()).isTrue();
        String id = m.group(1);
        CliRunner.Result byAuthor = cli.as(alice).run("approve", "greeter", id);
        assertThat(byAuthor.exit()).as("the author may not approve her own release").isEqualTo(1);
        CliRunner.Result byBob = cli.as(bob).run("approve", "greeter", id);
        assertThat(byBob.exit()).as(byBob.err()).isZero();

        JsonNode production = awaitServing("greeter", "production", "hello from production (1.0.0)");
        assertThat(production.get("digest").asText()).as("the jar tested in staging").isEqualTo(staging.get("digest").asText());
        assertThat(api.get("/api/v1/apps/greeter/runs").get("runs")).as("nothing was built for the release").hasSize(1);
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() ->
                cli.run("history", "greeter", "production").out().contains("bob"));
    }
}
