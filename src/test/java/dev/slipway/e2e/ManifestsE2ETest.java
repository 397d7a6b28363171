package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * An environment's Kubernetes manifests are checked when they are pushed, with the real git client against the real
 * server: a manifest Slipway would not apply fails the push as an invalid pipeline file does (remote: lines naming
 * the manifest's line, nothing built or deployed, a tag of it refused); fixed, the same environment is deployed.
 */
class ManifestsE2ETest extends OneServerE2E {
    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${APP}
            spec:
              replicas: 1
              selector: { matchLabels: { app: ${NOPE} } }
              template:
                metadata: { labels: { app: ${APP} } }
                spec:
                  containers:
                    - name: web
                      image: ${IMAGE}
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: ${APP} }
            spec: { selector: { app: ${APP} }, ports: [ { port: 80, targetPort: 8080 } ] }
            """;

    @Test
    void anUnknownVariableFailsThePushAtItsLineAndNothingIsDeployedUntilItIsFixed() throws Exception {
        createApp("kube");
        GitClient git = exampleRepo(tmp.resolve("kube"));
        String pipeline = Files.readString(git.dir().resolve(".slipway.yml"));
        String staging = "  - name: staging\n    branches: [ main ]\n";
        assertThat(pipeline).contains(staging);
        git.write(".slipway.yml", pipeline.replace(staging, staging + "    deploy: { manifests: k8s/ }\n"));
        git.write("k8s/app.yml", MANIFEST);
        String broken = git.commitAll("manifests with a variable nobody sets");

        GitClient.Result push = git.push(server.pushUrl("kube"), "HEAD:refs/heads/main").ok();

        assertThat(push.err()).contains("FAILED: invalid pipeline file")
                .contains("remote: slipway: k8s/app.yml:7: unknown variable NOPE: known are APP, ENV, IMAGE, "
                        + "IMAGE_TAG, REGISTRY_HOST, SLOT")
                .contains("nothing was built or deployed; fix the file and push again");
        JsonNode run = awaitRun("kube", pushedRun(push));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).startsWith("k8s/app.yml:7: unknown variable NOPE");
        assertThat(run.get("stages").toString()).doesNotContain("SUCCEEDED", "RUNNING");
        assertThat(api.environment("kube", "staging")).as("nothing deployed to staging").isNull();

        GitClient.Result tag = git.push(server.pushUrl("kube"), broken + ":refs/tags/v0.1.0");
        assertThat(tag.exit()).isNotZero();
        assertThat(tag.err()).contains("tag v0.1.0 refused: the pipeline file at this commit is invalid: "
                + "k8s/app.yml:7: unknown variable NOPE");

        git.write("k8s/app.yml", MANIFEST.replace("${NOPE}", "${APP}"));
        git.commitAll("every variable known");
        GitClient.Result fixed = git.push(server.pushUrl("kube"), "HEAD:refs/heads/main").ok();

        assertThat(fixed.err()).doesNotContain("invalid pipeline file").contains("queued for main");
        JsonNode good = awaitRun("kube", pushedRun(fixed));
        assertThat(good.get("state").asText()).as(good.toString()).isEqualTo("SUCCEEDED");
        await().atMost(LONG).until(() -> api.environment("kube", "staging") != null);
        assertThat(api.get("/api/v1/apps/kube/environments/staging/deployments").get("deployments")).hasSize(1);
    }
}
