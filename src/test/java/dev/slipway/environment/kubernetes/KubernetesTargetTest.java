package dev.slipway.environment.kubernetes;

import static dev.slipway.environment.kubernetes.ClusterWorld.ONE;
import static dev.slipway.environment.kubernetes.ClusterWorld.TWO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.RunningService;
import dev.slipway.pipeline.ManifestTemplate;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cluster target sends for a start, asserted exactly on what the (mock) API server stores: generated and
 * templated objects, their labels and selectors, the pinned image, secrets only in a Secret, the pull secret, pruning;
 * and what it finds afterwards (find, digest and drift, liveness, what is in place).
 */
class KubernetesTargetTest {
    static final String IMAGE_ONE = "registry.example:5000/web@" + ONE;
    static MockCluster cluster;
    @TempDir
    Path root;
    ClusterWorld world;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void newNamespace() {
        world = new ClusterWorld(cluster, root);
    }

    @AfterEach
    void closeWorld() {
        world.close();
    }

    @Test
    void withoutManifestsItGeneratesALabelledPinnedDeploymentAndService() throws Exception {
        RunningService service = world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");

        assertThat(service.container()).isEqualTo("k8s:" + world.namespace + "/web/staging/1");
        assertThat(service.port()).isZero();
        Deployment d = world.deployment("web");
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "slipway", "slipway.dev/app", "web",
                "slipway.dev/environment", "staging", "slipway.dev/deployment", "1");
        assertThat(d.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(labels);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getSelector().getMatchLabels()).as("never the deployment id: selectors are immutable")
                .containsExactlyInAnyOrderEntriesOf(Map.of("slipway.dev/app", "web", "slipway.dev/environment", "staging"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "slipway.dev/app", "web", "slipway.dev/environment", "staging", "slipway.dev/deployment", "1"));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(IMAGE_ONE);
        assertThat(c.getCommand()).containsExactly("sh", "-c", "exec ./server --port $PORT");
        assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GREETING", "hello"),
                        org.assertj.core.groups.Tuple.tuple("PORT", "8080"));
        assertThat(c.getEnvFrom()).singleElement().satisfies(f ->
                assertThat(f.getSecretRef().getName()).isEqualTo("slipway-web-staging"));
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets()).singleElement()
                .satisfies(r -> assertThat(r.getName()).isEqualTo("slipway-pull"));
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).withName("web").get()
                .toString()).doesNotContain("s3cret-value");

        Service s = world.test.services().inNamespace(world.namespace).withName("web").get();
        assertThat(s.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(labels);
        assertThat(s.getSpec().getSelector()).containsExactlyInAnyOrderEntriesOf(Map.of("slipway.dev/app", "web",
                "slipway.dev/environment", "staging"));
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
        });

        Secret secrets = world.test.secrets().inNamespace(world.namespace).withName("slipway-web-staging").get();
        assertThat(secrets.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(labels);
        assertThat(secrets.getData()).containsExactly(Map.entry("DB_PASSWORD", base64("s3cret-value")));
        Secret pull = world.test.secrets().inNamespace(world.namespace).withName("slipway-pull").get();
        assertThat(pull.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(new String(Base64.getDecoder().decode(pull.getData().get(".dockerconfigjson")), StandardCharsets.UTF_8))
                .isEqualTo("{\"auths\":{\"registry.example:5000\":{\"username\":\"puller\",\"password\":"
                        + "\"pull-token-123\",\"auth\":\"" + base64("puller:pull-token-123") + "\"}}}");

        assertThat(Files.readString(world.target.file("web", "staging", 1).orElseThrow()))
                .contains("created Deployment web", "created Service web", "Deployment web: 1/1 updated, 1 ready, "
                        + "1 available (rollout done)");
    }

    @Test
    void templatesAreRenderedWithTheVariablesAndEveryObjectIsLabelled() throws Exception {
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", APP_YML), new ManifestTemplate("k8s/config.yml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web-config
                data:
                  greeting: ${GREETING}
                  where: ${APP}/${ENV}[${SLOT}] from ${REGISTRY_HOST}
                  image: ${IMAGE}
                """));
        world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "api");

        Deployment d = world.deployment("api");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getImage)
                .containsExactly(IMAGE_ONE, "registry.example:5000/web:env-staging@" + ONE);
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "api",
                "slipway.dev/app", "web", "slipway.dev/environment", "staging"));
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(c -> assertThat(c.getEnvFrom())
                .extracting(f -> f.getSecretRef().getName()).containsExactly("slipway-web-staging"));
        ConfigMap config = world.test.configMaps().inNamespace(world.namespace).withName("web-config").get();
        assertThat(config.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("greeting", "hello",
                "where", "web/staging[] from registry.example:5000", "image", IMAGE_ONE));
        assertThat(config.getMetadata().getLabels()).containsEntry("slipway.dev/deployment", "1")
                .containsEntry("app.kubernetes.io/managed-by", "slipway");
    }

    static final String APP_YML = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              replicas: 2
              selector:
                matchLabels: {app: api}
              template:
                metadata:
                  labels: {app: api}
                spec:
                  containers:
                  - name: api
                    image: ${IMAGE}
                  - name: sidecar
                    image: ${REGISTRY_HOST}/web:${IMAGE_TAG}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector: {app: api}
              ports:
              - port: 80
            """;

    @Test
    void anotherEnvironmentsObjectOfTheSameNameIsNotTakenOver() throws Exception {
        world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");
        DeployTarget.Start staging = world.start(2, TWO, null, Duration.ofSeconds(5));
        DeployTarget.Start production = new DeployTarget.Start("web", "production", 2, TWO, staging.launch(),
                staging.env(), staging.secretNames(), staging.log());

        assertThatThrownBy(() -> world.target.start(production)).isInstanceOf(DeployFailedException.class)
                .hasMessageStartingWith("Service web in namespace " + world.namespace + " belongs to web/staging")
                .hasMessageContaining("a target of its own namespace");
        assertThat(world.deployment("web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(IMAGE_ONE);
        assertThat(world.deployment("web").getMetadata().getLabels()).containsEntry("slipway.dev/environment", "staging");
    }

    @Test
    void anImageNotPinnedByDigestIsRefusedBeforeAnythingIsApplied() {
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", APP_YML.replace("${IMAGE}", "nginx:latest")));

        assertThatThrownBy(() -> world.target.start(world.start(1, ONE, null, Duration.ofSeconds(5))))
                .isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("Deployment api container api: image 'nginx:latest' is not pinned by digest");
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.secrets().inNamespace(world.namespace).list().getItems()).isEmpty();
    }

    @Test
    void aKindSlipwayDoesNotManageIsRefusedWithItsFileAndLine() {
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", APP_YML + """
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                """));

        assertThatThrownBy(() -> world.target.start(world.start(1, ONE, null, Duration.ofSeconds(5))))
                .isInstanceOf(DeployFailedException.class)
                .hasMessageStartingWith("k8s/app.yml:29: kind CronJob (batch/v1) is not one Slipway manages");
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
    }

    @Test
    void whatLeftTheManifestsIsPrunedAndWhatIsNotSlipwaysStays() throws Exception {
        String extra = """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: old-config
                data: {a: b}
                """;
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", APP_YML + extra));
        world.test.configMaps().inNamespace(world.namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("someone-elses").endMetadata().build()).create();
        world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "api");
        assertThat(world.test.configMaps().inNamespace(world.namespace).withName("old-config").get()).isNotNull();

        world.templates = List.of(new ManifestTemplate("k8s/app.yml", APP_YML));
        RunningService second = world.deployed(world.start(2, TWO, null, Duration.ofSeconds(20)), "api");
        assertThat(world.test.configMaps().inNamespace(world.namespace).withName("slipway-undo-web-staging").get()
                .getMetadata().getLabels()).as("the change's undo, kept until it serves")
                .containsEntry("slipway.dev/deployment", "2").containsEntry("slipway.dev/undo", "true");
        world.target.serve(second);

        assertThat(world.test.configMaps().inNamespace(world.namespace).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("someone-elses");
        assertThat(world.test.services().inNamespace(world.namespace).withName("api").get().getMetadata().getLabels())
                .containsEntry("slipway.dev/deployment", "2");
        assertThat(world.logged).contains("pruned ConfigMap old-config (no longer in the manifests)");
    }

    @Test
    void findDigestAndLivenessReadTheClusterSoDriftShows() throws Exception {
        RunningService service = world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");

        assertThat(world.target.find("web", "staging", 1)).contains(service);
        assertThat(world.target.find("web", "staging", 2)).isEmpty();
        assertThat(world.target.isAlive(service)).isTrue();
        assertThat(world.target.answersHealth(service, "/healthz")).isTrue();
        assertThat(world.target.digest(service)).contains(ONE);
        assertThat(world.target.upstreams(service)).isEmpty();
        assertThat(world.target.address(service)).isEqualTo(cluster.url() + "/apis/apps/v1/namespaces/"
                + world.namespace + "/deployments/web");
        assertThat(world.target.inPlace()).containsExactly(new dev.slipway.environment.DeployTarget.InPlace("web",
                "staging", 1));
        assertThat(world.target.unreachable()).isEmpty();

        // kubectl set image deployment/web web=registry.example:5000/web@TWO
        world.test.apps().deployments().inNamespace(world.namespace).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example:5000/web@" + TWO);
            return d;
        });
        assertThat(world.target.digest(service)).as("what runs, not what was asked for").contains(TWO);

        // the Deployment deleted behind Slipway's back
        world.test.apps().deployments().inNamespace(world.namespace).withName("web").delete();
        org.awaitility.Awaitility.await().until(() -> world.deployment("web") == null);
        assertThat(world.target.isAlive(service)).isFalse();
        assertThat(world.target.find("web", "staging", 1)).isEmpty();
    }

    @Test
    void theNextServersTargetMeansTheSameByARecordedHandle() throws Exception {
        RunningService service = world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");

        try (ClusterWorld next = new ClusterWorld(cluster, root, world.namespace)) {
            assertThat(next.target.isAlive(service)).isTrue();
            assertThat(next.target.answersHealth(service, "/livez")).isTrue();
            assertThat(next.target.digest(service)).contains(ONE);
            assertThat(next.target.find("web", "staging", 1)).contains(service);
            next.target.stop(service); // holds no change of it: deletes what deployment 1 applied
        }
        assertThat(world.deployment("web")).isNull();
        assertThat(world.target.isAlive(service)).isFalse();
    }

    @Test
    void anUnreachableClusterSaysWhy() {
        MockCluster gone = MockCluster.start();
        String kubeconfig = gone.kubeconfigText("gone", "ns");
        gone.close();
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig);
        config.setRequestRetryBackoffLimit(0);
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
            KubernetesTarget target = new KubernetesTarget("gone", client, "ns",
                    dev.slipway.environment.ManifestSource.NONE, ClusterWorld.PULL, root);
            assertThat(target.unreachable()).hasValueSatisfying(why -> assertThat(why).startsWith("cluster ")
                    .contains("namespace ns does not answer"));
            assertThatThrownBy(() -> target.start(world.start(1, ONE, null, Duration.ofSeconds(5))))
                    .isInstanceOf(DeployFailedException.class).hasMessageStartingWith("cannot reach cluster ");
        }
    }

    @Test
    void removeEnvironmentDeletesItsObjectsAndLogsButNotTheSharedPullSecret() throws Exception {
        world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");

        world.target.removeEnvironment("web", "staging");

        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.services().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.secrets().inNamespace(world.namespace).list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly("slipway-pull");
        assertThat(root.resolve("web/staging")).doesNotExist();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
