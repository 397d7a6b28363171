package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.image.DistributionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as a whole: a push of an image app whose staging names {@code registry:} copies the run's image, by
 * digest and with the app-wide secret's login, to a real distribution registry that wants a password, before the
 * service starts (here the local target then says it cannot run images); a login the registry refuses fails the
 * deployment in the registry's own words, and the local target is never asked.
 */
class RegistryCopyE2ETest extends OneServerE2E {
    static DistributionRegistry registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = DistributionRegistry.withUser(tmp.resolve("registry"), "ci", "e2e-password");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static GitClient repo(String app, String login) throws Exception {
        GitClient git = ImageE2ETest.imageRepo(tmp.resolve(app), "hello from " + app + "\n");
        git.write(".slipway.yml", ImageE2ETest.PIPELINE + """
                    registry: { to: "%s/team/%s", credentials: %s }
                """.formatted(registry.host, app, login));
        git.commitAll("copy staging's image to the team registry");
        return git;
    }

    private static void setLogin(String app, String name, String value) {
        CliRunner.Result set = cli.withInput(value).run("secret", "set", app, name, "--app-wide");
        assertThat(set.exit()).as(set.err()).isZero();
    }

    private static JsonNode awaitDeployment(String app) {
        return await().atMost(LONG).ignoreExceptions().until(
                () -> api.get("/api/v1/apps/" + app + "/environments/staging/deployments").get("deployments"),
                d -> d.size() > 0 && d.get(0).get("state").asText().equals("FAILED")).get(0);
    }

    @Test
    void aDeploymentCopiesTheImageByDigestBeforeTheServiceStarts() throws Exception {
        createApp("shipped");
        setLogin("shipped", "TEAM_REGISTRY", "ci:e2e-password");
        GitClient git = repo("shipped", "TEAM_REGISTRY");

        JsonNode run = awaitRun("shipped", pushedRun(git.push(server.pushUrl("shipped"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        String digest = run.get("artifact").asText();

        JsonNode deployment = awaitDeployment("shipped");
        assertThat(deployment.get("reason").asText()).as("copied first, then the local target was asked")
                .contains("is a container image");
        assertThat(registry.skopeoInspect(tmp.resolve("skopeo"), "team/shipped:env-staging", "ci:e2e-password"))
                .contains("\"Digest\": \"" + digest + "\"");
        assertThat(server.logText()).doesNotContain("e2e-password");
    }

    @Test
    void aLoginTheRegistryRefusesFailsTheDeploymentInItsOwnWords() throws Exception {
        createApp("refused");
        setLogin("refused", "OLD_LOGIN", "ci:not-the-password");
        GitClient git = repo("refused", "OLD_LOGIN");

        JsonNode run = awaitRun("refused", pushedRun(git.push(server.pushUrl("refused"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");

        JsonNode deployment = awaitDeployment("refused");
        assertThat(deployment.get("reason").asText())
                .startsWith("copying image " + run.get("artifact").asText() + " to " + registry.host + "/team/refused "
                        + "failed: registry " + registry.host + " refused ")
                .contains("UNAUTHORIZED authentication required (HTTP 401)")
                .doesNotContain("is a container image")
                .doesNotContain("not-the-password");
        CliRunner.Result status = cli.run("status", "refused");
        assertThat(status.out()).doesNotContain("not-the-password");
    }
}
