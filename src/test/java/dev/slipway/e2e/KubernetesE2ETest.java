package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.FakeKubelet;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments on two Kubernetes clusters (fabric8's mock API server in CRUD mode, with {@link FakeKubelet} writing
 * what controllers would), driven as a team does: the real CLI registers and binds the clusters, real git pushes
 * code whose repository holds manifests. A push applies the templated manifests, pinned by digest, to both clusters
 * and goes LIVE once both report their rollout done; a cluster that cannot pull the image fails the deployment with
 * the cluster's reason and the other keeps the previous release; blue/green production swaps by one Service patch
 * per cluster, and swaps back. No real cluster runs here: what Slipway sends is what is checked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesE2ETest extends E2E {
    static final String APP = "web";
    /** A namespace per environment: each environment's objects are its own (the same names in both). */
    static final Map<String, String> NS = Map.of("staging", "shop-staging", "production", "shop-prod");
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www" ]
            environments:
              - name: staging
                branches: [ main ]
                rollout: one_by_one
                max_unavailable: 1
                converge_interval: 1s
                deploy: { manifests: k8s/ }
                config: { GREETING: hello from staging }
                secrets: [ API_KEY ]
              - name: production
                tags: [ "v*" ]
                from: staging
                strategy: bluegreen
                swap: manual
                keep_warm: 10m
                converge_interval: 1s
                deploy: { manifests: k8s/ }
                config: { GREETING: hello from production }
            """;
    static final String MANIFESTS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: { app: web }
              template:
                metadata:
                  labels: { app: web }
                spec:
                  containers:
                    - name: web
                      image: ${REGISTRY_HOST}/${APP}:${IMAGE_TAG}
                      env:
                        - { name: GREETING, value: "${GREETING}" }
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: { app: web }
              ports:
                - { port: 80, targetPort: 8080 }
            """;
    static final String BUILD = """
            #!/bin/sh
            set -e
            mkdir -p rootfs/bin rootfs/www
            cp /bin/busybox rootfs/bin/busybox
            cp index.html rootfs/www/index.html
            """;

    @TempDir
    static Path tmp;
    static MockCluster k1;
    static MockCluster k2;
    static FakeKubelet kubelet1;
    static FakeKubelet kubelet2;
    static GitClient git;
    static String first;
    static String firstCommit;
    static String second;

    @BeforeAll
    static void twoClustersAndAServer() throws Exception {
        k1 = MockCluster.start();
        k2 = MockCluster.start();
        kubelet1 = FakeKubelet.start(k1);
        kubelet2 = FakeKubelet.start(k2);
        startServer(tmp.resolve("data"));
        createApp(APP);
        for (MockCluster cluster : List.of(k1, k2)) {
            for (Map.Entry<String, String> env : NS.entrySet()) {
                String name = (cluster == k1 ? "k1-" : "k2-") + env.getKey();
                Path kubeconfig = cluster.kubeconfig(tmp.resolve(name + ".kubeconfig"), name, env.getValue());
                CliRunner.Result added = cli.run("target", "add", name, "--kubernetes", "--kubeconfig",
                        kubeconfig.toString(), "--namespace", env.getValue(), "--label", "serves=" + env.getKey());
                assertThat(added.exit()).as(added.err()).isZero();
            }
        }
        for (String env : NS.keySet()) {
            CliRunner.Result bound = cli.run("target", "bind", "--label", "serves=" + env, "--app", APP, "--env", env);
            assertThat(bound.exit()).as(bound.err()).isZero();
        }
        CliRunner.Result secret = cli.withInput("s3cr3t-value").run("secret", "set", APP, "staging", "API_KEY");
        assertThat(secret.exit()).as(secret.err()).isZero();
        git = GitClient.init(tmp.resolve("repo"));
        git.write(".slipway.yml", PIPELINE);
        git.write("build.sh", BUILD);
        git.write("k8s/app.yml", MANIFESTS);
        Files.setPosixFilePermissions(tmp.resolve("repo/build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopServer();
        for (AutoCloseable c : new AutoCloseable[] {kubelet1, kubelet2, k1, k2}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static String release(String page) throws Exception {
        git.write("index.html", page + "\n");
        git.commitAll(page);
        long number = pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun(APP, number);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run.get("artifact").asText();
    }

    static String registry() {
        URI url = URI.create(server.url());
        return url.getHost() + ":" + url.getPort();
    }

    static Deployment deployment(MockCluster cluster, String env, String name) {
        return cluster.client().apps().deployments().inNamespace(NS.get(env)).withName(name).get();
    }

    static String image(MockCluster cluster, String env, String name) {
        Deployment d = deployment(cluster, env, name);
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static String selectedSlot(MockCluster cluster) {
        Service s = cluster.client().services().inNamespace(NS.get("production")).withName("web").get();
        return s.getSpec().getSelector().get("slipway.dev/slot");
    }

    static JsonNode latestDeployment(String env) throws Exception {
        return api.get("/api/v1/apps/" + APP + "/environments/" + env + "/deployments").get("deployments").get(0);
    }

    /** The requests the cluster received since the last call (the mock keeps every one). */
    static List<RecordedRequest> drain(MockCluster cluster) throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    @Test
    @Order(1)
    void aPushAppliesTheTemplatedManifestsPinnedByDigestToBothClustersThenGoesLive() throws Exception {
        first = release("one");
        firstCommit = git.run("rev-parse", "HEAD").ok().out().strip();
        JsonNode staging = await().atMost(LONG).until(() -> api.environment(APP, "staging"),
                e -> e != null && "LIVE".equals(e.get("state").asText()));
        assertThat(staging.get("digest").asText()).isEqualTo(first);
        for (MockCluster cluster : List.of(k1, k2)) {
            Deployment web = deployment(cluster, "staging", "web");
            assertThat(image(cluster, "staging", "web")).isEqualTo(registry() + "/" + APP + ":env-staging@" + first);
            assertThat(web.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "slipway")
                    .containsEntry("slipway.dev/app", APP).containsEntry("slipway.dev/environment", "staging");
            List<EnvVar> env = web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(env).anyMatch(v -> v.getName().equals("GREETING") && "hello from staging".equals(v.getValue()));
            // the secret reaches the pods through a Secret, never as a value in the Deployment
            assertThat(web.toString()).doesNotContain("s3cr3t-value");
            assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
                    .anyMatch(f -> f.getSecretRef() != null);
            assertThat(web.getSpec().getTemplate().getSpec().getImagePullSecrets()).isNotEmpty();
            assertThat(cluster.client().services().inNamespace(NS.get("staging")).withName("web").get()).isNotNull();
        }
        JsonNode targets = await().atMost(LONG).until(() -> api.environment(APP, "staging").get("targets"),
                t -> t != null && t.size() == 2);
        assertThat(targets.toString()).contains("\"k1-staging\"").contains("\"k2-staging\"").contains("IN_SYNC");
    }

    @Test
    @Order(2)
    void aClusterThatCannotPullFailsTheDeploymentWithItsReasonAndTheOtherKeepsThePreviousRelease() throws Exception {
        kubelet1.mode(FakeKubelet.Mode.IMAGE_PULL_BACKOFF);
        String broken = release("two (k1 cannot pull it)");
        JsonNode failed = await().atMost(LONG).until(() -> latestDeployment("staging"),
                d -> d.get("digest").asText().equals(broken) && d.get("state").asText().equals("FAILED"));
        assertThat(failed.get("reason").asText()).contains("ImagePullBackOff").contains("k1-staging");
        kubelet1.mode(FakeKubelet.Mode.READY);
        String previous = registry() + "/" + APP + ":env-staging@" + first;
        assertThat(image(k2, "staging", "web")).isEqualTo(previous);
        await().atMost(LONG).until(() -> image(k1, "staging", "web"), previous::equals); // put back as it was
        assertThat(api.environment(APP, "staging").get("digest").asText()).isEqualTo(first);
    }

    @Test
    @Order(3)
    void productionIsBlueGreenAndASwapIsOneServicePatchPerCluster() throws Exception {
        git.run("tag", "v1.0.0", firstCommit);
        git.push(server.pushUrl(APP), "refs/tags/v1.0.0").ok();
        await().atMost(LONG).until(() -> api.environment(APP, "production"),
                e -> e != null && "LIVE".equals(e.get("state").asText()));
        for (MockCluster cluster : List.of(k1, k2)) {
            // the release tag, pinned by the digest staging ran
            assertThat(image(cluster, "production", "web-blue")).isEqualTo(registry() + "/" + APP + ":v1.0.0@" + first);
            assertThat(selectedSlot(cluster)).isEqualTo("blue");
        }
        second = release("three");
        await().atMost(LONG).until(() -> api.environment(APP, "staging").get("digest").asText(), second::equals);
        git.run("tag", "v2.0.0");
        git.push(server.pushUrl(APP), "refs/tags/v2.0.0").ok();
        await().atMost(LONG).until(() -> latestDeployment("production"),
                d -> d.get("digest").asText().equals(second) && d.get("state").asText().equals("READY"));
        for (MockCluster cluster : List.of(k1, k2)) {
            assertThat(image(cluster, "production", "web-green")).isEqualTo(registry() + "/" + APP + ":v2.0.0@" + second);
            assertThat(selectedSlot(cluster)).as("a READY slot gets no traffic").isEqualTo("blue");
            drain(cluster);
        }
        CliRunner.Result swap = cli.run("swap", APP, "production");
        assertThat(swap.exit()).as(swap.err()).isZero();
        for (MockCluster cluster : List.of(k1, k2)) {
            assertThat(selectedSlot(cluster)).isEqualTo("green");
            List<RecordedRequest> patches = drain(cluster).stream().filter(r -> r.getMethod().equals("PATCH")
                    && r.getPath().startsWith("/api/v1/namespaces/" + NS.get("production") + "/services/")).toList();
            assertThat(patches).as("one Service patch per cluster").hasSize(1);
        }
        CliRunner.Result back = cli.run("swap", APP, "production");
        assertThat(back.exit()).as(back.err()).isZero();
        for (MockCluster cluster : List.of(k1, k2)) {
            assertThat(selectedSlot(cluster)).isEqualTo("blue");
            assertThat(image(cluster, "production", "web-blue")).isEqualTo(registry() + "/" + APP + ":v1.0.0@" + first);
        }
        assertThat(api.environment(APP, "production").get("digest").asText()).isEqualTo(first);
    }

    @Test
    @Order(4)
    void aDeploymentChangedByHandIsPutBack() throws Exception {
        // every version of the Deployment the cluster stores from now on: the put-back never passes through an
        // older release (it is applied again over the drift, not stopped and rolled back first)
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.fabric8.kubernetes.client.Watch watch = k2.client().apps().deployments().inNamespace(NS.get("staging"))
                .withName("web").watch(new io.fabric8.kubernetes.client.Watcher<Deployment>() {
                    @Override
                    public void eventReceived(Action action, Deployment d) {
                        seen.add(action + " " + d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        Deployment web = deployment(k2, "staging", "web");
        web.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx@sha256:" + "0".repeat(64));
        k2.client().apps().deployments().inNamespace(NS.get("staging")).resource(web).update();
        String live = api.environment(APP, "staging").get("digest").asText();
        assertThat(live).isEqualTo(second);
        await().atMost(LONG).until(() -> image(k2, "staging", "web"), (registry() + "/" + APP + ":env-staging@" + live)::equals);
        await().atMost(LONG).until(() -> api.get("/api/v1/audit?app=" + APP + "&limit=500").get("entries").toString(),
                a -> a.contains("target.drift_corrected") && a.contains("target k2-staging of staging"));
        watch.close();
        assertThat(seen).as("versions of the Deployment").noneMatch(v -> v.contains(first)).noneMatch(v -> v.startsWith("DELETED"));
        // production's Service pointed at the idle slot by hand: it selects the live one again
        k1.client().services().inNamespace(NS.get("production")).withName("web").edit(svc -> {
            svc.getSpec().getSelector().put("slipway.dev/slot", "green");
            return svc;
        });
        await().atMost(LONG).until(() -> selectedSlot(k1), "blue"::equals);
    }

    @Test
    @Order(5)
    void anArtifactThatIsNotAnImageIsRefusedOnClustersWithWhatToDo() throws Exception {
        createApp("plain");
        CliRunner.Result bound = cli.run("target", "bind", "--label", "serves=staging", "--app", "plain", "--env",
                "staging");
        assertThat(bound.exit()).as(bound.err()).isZero();
        GitClient plain = GitClient.init(tmp.resolve("plain"));
        plain.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps: [ { run: "mkdir -p dist && echo hi > dist/hi" } ]
                        artifact: [ "dist/" ]
                service: { command: "./dist/server --port $PORT" }
                environments:
                  - name: staging
                    branches: [ main ]
                """);
        plain.commitAll("a tarball");
        long number = pushedRun(plain.push(server.pushUrl("plain"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("plain", number);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode failed = await().atMost(LONG).until(() -> api.get("/api/v1/apps/plain/environments/staging/deployments")
                .get("deployments").get(0), d -> d.get("state").asText().equals("FAILED"));
        assertThat(failed.get("reason").asText()).contains("is not a container image")
                .contains("k1-staging, k2-staging").contains("image:");
        for (MockCluster cluster : List.of(k1, k2)) {
            assertThat(cluster.client().apps().deployments().inNamespace(NS.get("staging")).withName("plain").get())
                    .isNull();
        }
    }

    @Test
    @Order(6)
    void killedMidRolloutTheNextServerPutsTheClusterBackAsItWas() throws Exception {
        String live = api.environment(APP, "staging").get("digest").asText();
        kubelet1.mode(FakeKubelet.Mode.PAUSED); // the rollout never finishes while the server runs
        kubelet2.mode(FakeKubelet.Mode.PAUSED);
        git.write("index.html", "four\n");
        git.commitAll("four");
        pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok());
        JsonNode deploying = await().atMost(LONG).until(() -> latestDeployment("staging"),
                d -> !d.get("digest").asText().equals(live) && d.get("state").asText().equals("DEPLOYING"));
        String id = deploying.get("id").asText();
        MockCluster applied = await().atMost(LONG).until(() -> List.of(k1, k2).stream()
                .filter(c -> id.equals(deployment(c, "staging", "web").getSpec().getTemplate().getMetadata()
                        .getLabels().get("slipway.dev/deployment"))).findFirst().orElse(null), c -> c != null);
        // the change was recorded in the namespace before it was made
        assertThat(applied.client().configMaps().inNamespace(NS.get("staging")).withName("slipway-undo-web-staging")
                .get()).isNotNull();

        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.fabric8.kubernetes.client.Watch watch = applied.client().apps().deployments().inNamespace(NS.get("staging"))
                .withName("web").watch(new io.fabric8.kubernetes.client.Watcher<Deployment>() {
                    @Override
                    public void eventReceived(Action action, Deployment d) {
                        seen.add(action.name());
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        server.crash();
        server.restart();
        kubelet1.mode(FakeKubelet.Mode.READY);
        kubelet2.mode(FakeKubelet.Mode.READY);

        await().atMost(LONG).until(() -> latestDeployment("staging").get("state").asText(), "ERRORED"::equals);
        for (MockCluster cluster : List.of(k1, k2)) {
            await().atMost(LONG).until(() -> image(cluster, "staging", "web"),
                    (registry() + "/" + APP + ":env-staging@" + live)::equals);
            assertThat(cluster.client().configMaps().inNamespace(NS.get("staging")).withName("slipway-undo-web-staging")
                    .get()).isNull();
        }
        watch.close();
        assertThat(seen).as("the previous release was put back in place, never deleted and made again")
                .contains("MODIFIED").doesNotContain("DELETED");
        assertThat(api.environment(APP, "staging").get("digest").asText()).isEqualTo(live);
    }
}
