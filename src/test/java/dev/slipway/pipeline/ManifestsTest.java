package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.git.GitStore;
import dev.slipway.git.JGitSource;
import dev.slipway.testing.TestCommits;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Manifests}: an environment's manifests read from a real commit, and each check a push makes on them. */
class ManifestsTest {
    private static final String DIGEST = "0123456789abcdef".repeat(4);
    static final String PIPELINE = """
            stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]
            service: { command: ./serve }
            environments:
              - name: production
                branches: [ main ]
                config: { REPLICAS: "3", HOST: shop.example.com, PROXY: "tools/proxy@sha256:%s", TAG: "1.25" }
                secrets: [ DB_PASSWORD ]
                deploy: { manifests: k8s/ }
              - name: plain
                branches: [ other ]
            """.formatted("0123456789abcdef".repeat(4));
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${APP}
              labels: { env: ${ENV}, slot: ${SLOT} }
            spec:
              replicas: ${REPLICAS}
              template:
                spec:
                  initContainers:
                    - name: migrate
                      image: "${REGISTRY_HOST}/shop:${IMAGE_TAG}"
                  containers:
                    - name: web
                      image: ${IMAGE}
                      args: [ --host, ${HOST}, "$${NOT_A_VARIABLE}" ]
                    - name: pinned-by-config
                      image: 127.0.0.1:5000/${PROXY}
                    - name: proxy
                      image: 127.0.0.1:5000/tools/proxy@sha256:%s
            """.formatted(DIGEST);
    static final String SERVICE = """
            # the Service in front of it
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: ${APP} }
            spec: { selector: { app: ${APP} }, ports: [ { port: 80 } ] }
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: settings }
            data: { image: "nginx:1.25" }
            """;

    @TempDir
    Path tmp;
    private GitStore store;
    private SourceRepository source;
    private EnvironmentSpec production;

    @BeforeEach
    void repository() throws Exception {
        store = new GitStore(tmp.resolve("repos"));
        store.create("shop");
        source = new JGitSource(store);
        production = new PipelineParser().parse(PIPELINE).environments().get(0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<ManifestTemplate> read(TestCommits files) throws Exception {
        return Manifests.read(source, "shop", files.commit(store.repository("shop")), production);
    }

    @Test
    void theManifestsAreEveryYamlFileUnderTheDirectoryInPathOrderAsWritten() throws Exception {
        List<ManifestTemplate> templates = read(new TestCommits()
                .file(".slipway.yml", PIPELINE)
                .file("k8s/service.yaml", SERVICE)
                .file("k8s/app.yml", DEPLOYMENT)
                .file("k8s/empty.yml", "# nothing here yet\n")
                .file("k8s/README.md", "image: nginx\n"));

        assertThat(templates).extracting(ManifestTemplate::path)
                .containsExactly("k8s/app.yml", "k8s/empty.yml", "k8s/service.yaml");
        assertThat(templates.get(0).text()).isEqualTo(DEPLOYMENT);
        assertThat(Manifests.known(production)).containsExactlyInAnyOrder("IMAGE", "IMAGE_TAG", "REGISTRY_HOST", "APP",
                "ENV", "SLOT", "REPLICAS", "HOST", "PROXY", "TAG");
    }

    @Test
    void anEnvironmentWithoutDeployHasNoManifestsAndNothingIsRead() throws Exception {
        EnvironmentSpec plain = new PipelineParser().parse(PIPELINE).environments().get(1);
        SourceRepository nothing = new NoSource();
        assertThat(Manifests.read(nothing, "shop", "a".repeat(40), plain)).isEmpty();
    }

    static Stream<Arguments> refusedManifests() {
        return Stream.of(
                Arguments.of("an unknown variable", DEPLOYMENT.replace("name: ${APP}", "name: ${NOPE}"),
                        "k8s/app.yml:4: unknown variable NOPE: known are APP, ENV, HOST, IMAGE, IMAGE_TAG, "
                                + "PROXY, REGISTRY_HOST, REPLICAS, SLOT, TAG (built in, and the environment's config keys)"),
                Arguments.of("a secret as a variable", DEPLOYMENT.replace("[ --host,", "[ ${DB_PASSWORD},"),
                        "k8s/app.yml:16: unknown variable DB_PASSWORD: it is one of the environment's secrets, and "
                                + "secrets reach pods through a Kubernetes Secret Slipway keeps"),
                Arguments.of("not a variable name", "kind: ${a b}\n",
                        "k8s/app.yml:1: '${a b}' is not a variable name"),
                Arguments.of("a mapping never closed", "apiVersion: v1\nkind: Service\nmetadata: { name: ${APP}\n",
                        "k8s/app.yml:3:11: the mapping opened here with '{' is never closed"),
                Arguments.of("a tab in the indentation", "apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n",
                        "k8s/app.yml:4:1: tab character in indentation"),
                Arguments.of("a key written twice", "apiVersion: v1\nkind: Service\nmetadata: { name: a }\n"
                        + "metadata: { name: b }\n", "k8s/app.yml:4:1: duplicate key 'metadata' (first written at line 3)"),
                Arguments.of("a control character", "apiVersion: v1\nkind: Service\u0007\n",
                        "k8s/app.yml:2:14: the character U+0007"),
                Arguments.of("a list, not an object", "- apiVersion: v1\n",
                        "k8s/app.yml:1:1: a manifest document must be a Kubernetes object, a mapping with apiVersion "
                                + "and kind, got a list"),
                Arguments.of("no kind", "apiVersion: v1\nmetadata: { name: x }\n",
                        "k8s/app.yml:1:1: this Kubernetes object has no kind; e.g. kind: Deployment"),
                Arguments.of("no apiVersion in the second document", "apiVersion: v1\nkind: Service\n---\n"
                        + "kind: ConfigMap\n", "k8s/app.yml:4:1: this Kubernetes object has no apiVersion"),
                Arguments.of("an empty kind", "apiVersion: v1\nkind:\n",
                        "k8s/app.yml:2:6: kind must be a name, e.g. kind: Deployment, got nothing"),
                Arguments.of("a kind Slipway does not manage", "apiVersion: v1\nkind: Namespace\n",
                        "k8s/app.yml:2:7: kind 'Namespace' is not one Slipway manages; manifests may hold "
                                + "Deployment, Service, ConfigMap, Secret, Ingress, HorizontalPodAutoscaler, "
                                + "PodDisruptionBudget"),
                Arguments.of("a kind spelled in lower case", "apiVersion: apps/v1\nkind: deployment\n",
                        "k8s/app.yml:2:7: kind 'deployment' is not one Slipway manages"),
                Arguments.of("a kind under the wrong API group", DEPLOYMENT.replace("apps/v1", "v1"),
                        "k8s/app.yml:1:13: apiVersion 'v1' does not serve kind Deployment; write apiVersion: apps/v1"),
                Arguments.of("an image by tag", DEPLOYMENT.replace("${IMAGE}", "nginx:1.25"),
                        "k8s/app.yml:15: image 'nginx:1.25' is not pinned by digest: write ${IMAGE} "
                                + "(or REGISTRY/NAME@sha256:…)"),
                Arguments.of("an image by tag on the registry", DEPLOYMENT.replace("${IMAGE_TAG}", "latest"),
                        "k8s/app.yml:12: image '${REGISTRY_HOST}/shop:latest' is not pinned by digest"),
                Arguments.of("a digest too short", DEPLOYMENT.replace(DIGEST, "abc123"),
                        "k8s/app.yml:20: image '127.0.0.1:5000/tools/proxy@sha256:abc123' is not pinned by digest"),
                Arguments.of("a tag from config", DEPLOYMENT.replace("${PROXY}", "tools/proxy:${TAG}"),
                        "k8s/app.yml:18: image '127.0.0.1:5000/tools/proxy:${TAG}' is not pinned by digest"),
                Arguments.of("an escaped ${IMAGE}, a literal", DEPLOYMENT.replace("image: ${IMAGE}", "image: $${IMAGE}"),
                        "k8s/app.yml:15: image '$${IMAGE}' is not pinned by digest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedManifests")
    void aManifestSlipwayWouldNotApplyIsRefusedAtItsLine(String what, String manifest, String message) {
        TestCommits files = new TestCommits().file("k8s/service.yml", SERVICE).file("k8s/app.yml", manifest);
        assertThatThrownBy(() -> read(files)).isInstanceOf(ManifestException.class).hasMessageStartingWith(message);
    }

    @Test
    void anUnknownVariableNamesTheEnvironmentItWasReadFor() {
        TestCommits files = new TestCommits().file("k8s/app.yml", DEPLOYMENT.replace("${REPLICAS}", "${NOPE}"));
        assertThatThrownBy(() -> read(files)).hasMessageEndingWith("(read for environment 'production')");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() {
        TestCommits files = new TestCommits().file("k8s/app.yml", new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xC3});
        assertThatThrownBy(() -> read(files)).hasMessage("k8s/app.yml: is not UTF-8 text; save it as UTF-8");
    }

    static Stream<Arguments> refusedDirectories() {
        return Stream.of(
                Arguments.of("no directory", new TestCommits().file("deploy/app.yml", DEPLOYMENT),
                        "k8s/: no such directory at commit "),
                Arguments.of("no YAML files in it", new TestCommits().file("k8s/app.json", "{}"),
                        "k8s/: has no manifests (files named *.yml or *.yaml) at commit "),
                Arguments.of("only empty YAML files", new TestCommits().file("k8s/a.yml", "# todo\n")
                        .file("k8s/b.yaml", "---\n"), "k8s/: has no Kubernetes objects at commit "),
                Arguments.of("a symbolic link in it", new TestCommits().file("k8s/app.yml", DEPLOYMENT)
                        .symlink("k8s/other.yml", "/etc/passwd"), "k8s/other.yml: is a symbolic link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDirectories")
    void aDirectoryWithoutManifestsIsRefusedNamingWhereThePipelineFileNamesIt(String what, TestCommits files,
                                                                               String message) {
        assertThatThrownBy(() -> read(files)).isInstanceOf(ManifestException.class).hasMessageStartingWith(message)
                .hasMessageContaining("environment 'production' names it in deploy: { manifests: k8s/ } of .slipway.yml");
    }

    /** A source with no commits at all: reading from it fails the test. */
    private static final class NoSource implements SourceRepository {
        @Override
        public java.util.Optional<byte[]> readFile(String app, String commit, String path) {
            throw new AssertionError("nothing may be read");
        }

        @Override
        public java.util.Optional<List<SourceFile>> readDirectory(String app, String commit, String dir,
                                                                 DirectoryQuery query) {
            throw new AssertionError("nothing may be read");
        }

        @Override
        public String treeId(String app, String commit) {
            throw new AssertionError("nothing may be read");
        }

        @Override
        public void checkout(String app, String commit, String branch, Path dir) {
            throw new AssertionError("nothing may be read");
        }

        @Override
        public boolean branchExists(String app, String branch) {
            throw new AssertionError("nothing may be read");
        }
    }
}
