package dev.slipway.environment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.testing.CommandResult;
import dev.slipway.testing.RealCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes as {@code kubectl kustomize} renders it (offline, the real client): each target namespace's Role
 * grants exactly {@link ClusterAccess} and nothing more, bound to Slipway's ServiceAccount only, nothing
 * cluster-wide; the Deployment is one replica, Recreate, its data on the claim, its database login from a Secret.
 */
class RbacManifestTest {
    private static final Path DEPLOY = Path.of("deploy", "kubernetes");
    private static final String SLIPWAY_NAMESPACE = "slipway";
    private static final String ACCOUNT = "slipway";

    @TempDir
    Path temp;

    @BeforeAll
    static void kubectlIsHere() {
        // never skipped: .ci/run installs it, and without it the acceptance point this test is would go unchecked
        assertThat(RealCommand.installed("kubectl")).as("kubectl is not on PATH: the RBAC manifests are checked on what "
                + "`kubectl kustomize` renders; run bin/install-kubectl (kubectl 1.32 from the npm registry)").isTrue();
    }

    @Test
    void eachTargetNamespaceIsGrantedExactlyWhatSlipwayAsksOfACluster() {
        List<JsonNode> rendered = render(DEPLOY);

        assertThat(namespacesWithRoles(rendered)).containsExactly("apps");
        assertThat(rbacProblems(rendered)).isEmpty();
    }

    @Test
    void theTargetNamespaceOverlayRendersAloneWithTheSameGrant() {
        List<JsonNode> rendered = render(DEPLOY.resolve("targets").resolve("apps"));

        assertThat(namespacesWithRoles(rendered)).containsExactly("apps");
        assertThat(rbacProblems(rendered)).containsExactly(
                "no ServiceAccount slipway in namespace slipway for the RoleBindings to bind"); // it lives in server/
    }

    @Test
    void aNamespaceAddedAsTheReadmeSaysGetsTheSameGrantAndNothingElseChanges() throws IOException {
        Path copy = copyOfDeploy();
        addTargetNamespace(copy, "team-b");

        List<JsonNode> rendered = render(copy);

        assertThat(namespacesWithRoles(rendered)).containsExactly("apps", "team-b");
        assertThat(rbacProblems(rendered)).isEmpty();
    }

    @Test
    void aRoleGrantingMoreOrLessThanClusterAccessIsCaught() throws IOException {
        Path copy = copyOfDeploy();
        Path role = copy.resolve("target-namespace").resolve("role.yaml");
        Files.writeString(role, Files.readString(role)
                .replace("resources: [pods/log]\n    verbs: [get]", "resources: [pods/log, pods/exec]\n    verbs: [get, create]")
                .replace("resources: [events]\n    verbs: [get, list]", "resources: [events]\n    verbs: [get]"));

        assertThat(rbacProblems(render(copy))).containsExactly(
                "Role apps/slipway grants what ClusterAccess does not: /pods/exec:create, /pods/exec:get, /pods/log:create",
                "Role apps/slipway lacks what ClusterAccess asks: /events:list");
    }

    @Test
    void theDeploymentIsOneReplicaRecreatedWithItsDataOnTheClaimAndNoPasswordInTheManifests() {
        List<JsonNode> rendered = render(DEPLOY);
        JsonNode deployment = only(rendered, "Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        List<String> args = texts(container.get("args"));

        assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo(SLIPWAY_NAMESPACE);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(pod.get("containers")).hasSize(1);
        assertThat(pod.at("/serviceAccountName").asText()).isEqualTo(ACCOUNT);
        assertThat(container.get("image").asText()).as("the image bin/build-image-slipway names slipway:VERSION")
                .endsWith("/slipway:" + projectVersion());
        assertThat(args).startsWith("server").contains("--data=/data", "--host=0.0.0.0", "--port=8080");

        String claim = only(rendered, "PersistentVolumeClaim").at("/metadata/name").asText();
        String volume = stream(pod.get("volumes")).filter(v -> claim.equals(v.at("/persistentVolumeClaim/claimName").asText()))
                .map(v -> v.get("name").asText()).findFirst().orElseThrow(() -> new AssertionError("no volume of claim " + claim));
        assertThat(stream(container.get("volumeMounts")).filter(m -> m.get("name").asText().equals(volume))
                .map(m -> m.get("mountPath").asText())).containsExactly("/data");

        assertThat(args).filteredOn(a -> a.startsWith("--db=")).singleElement().asString()
                .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("user=");
        Map<String, JsonNode> env = stream(container.get("env")).collect(Collectors.toMap(e -> e.get("name").asText(), e -> e));
        for (String name : List.of("SLIPWAY_DB_USER", "SLIPWAY_DB_PASSWORD")) {
            assertThat(env.get(name).at("/valueFrom/secretKeyRef/name").asText()).as(name).isEqualTo("slipway-db");
        }
        assertThat(env.values()).as("plain values of secret-looking variables")
                .noneMatch(e -> e.has("value") && e.get("name").asText().matches(".*(PASSWORD|TOKEN|SECRET|KEY).*"));
        assertThat(ofKind(rendered, "Secret")).as("Secrets are created by the admin, never kept in the manifests").isEmpty();
        assertThat(only(rendered, "Service").at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
    }

    /** What is wrong with the RBAC in {@code rendered}, one line each; empty when it is exactly right. */
    private static List<String> rbacProblems(List<JsonNode> rendered) {
        List<String> problems = new ArrayList<>();
        for (String kind : List.of("ClusterRole", "ClusterRoleBinding")) {
            ofKind(rendered, kind).forEach(o -> problems.add(kind + " " + name(o) + ": nothing cluster-wide is granted"));
        }
        Set<String> wanted = ClusterAccess.all().stream().flatMap(r -> r.verbs().stream()
                .map(v -> triple(r.group(), r.resource(), v))).collect(Collectors.toCollection(TreeSet::new));
        for (JsonNode role : ofKind(rendered, "Role")) {
            Set<String> granted = new TreeSet<>();
            for (JsonNode rule : role.get("rules")) {
                if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
                    problems.add("Role " + name(role) + ": a rule limited by resourceNames or nonResourceURLs");
                }
                for (String group : texts(rule.get("apiGroups"))) {
                    for (String resource : texts(rule.get("resources"))) {
                        texts(rule.get("verbs")).forEach(verb -> granted.add(triple(group, resource, verb)));
                    }
                }
            }
            difference(granted, wanted).ifPresent(d -> problems.add("Role " + name(role) + " grants what ClusterAccess does not: " + d));
            difference(wanted, granted).ifPresent(d -> problems.add("Role " + name(role) + " lacks what ClusterAccess asks: " + d));
        }
        problems.addAll(bindingProblems(rendered));
        return problems;
    }

    /** Each Role's namespace binds it, and only it, to Slipway's ServiceAccount, which the render holds. */
    private static List<String> bindingProblems(List<JsonNode> rendered) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> bindings = ofKind(rendered, "RoleBinding");
        for (JsonNode role : ofKind(rendered, "Role")) {
            boolean bound = bindings.stream().anyMatch(b -> namespace(b).equals(namespace(role))
                    && b.at("/roleRef/kind").asText().equals("Role") && b.at("/roleRef/name").asText().equals(role.at("/metadata/name").asText()));
            if (!bound) {
                problems.add("Role " + name(role) + " is bound by no RoleBinding in its namespace");
            }
        }
        for (JsonNode binding : bindings) {
            if (!binding.at("/roleRef/kind").asText().equals("Role")) {
                problems.add("RoleBinding " + name(binding) + " binds a " + binding.at("/roleRef/kind").asText() + ", not the Role");
            }
            List<String> subjects = stream(binding.get("subjects"))
                    .map(s -> s.at("/kind").asText() + " " + s.at("/namespace").asText() + "/" + s.at("/name").asText()).toList();
            if (!subjects.equals(List.of("ServiceAccount " + SLIPWAY_NAMESPACE + "/" + ACCOUNT))) {
                problems.add("RoleBinding " + name(binding) + " binds " + subjects + ", not Slipway's ServiceAccount only");
            }
        }
        boolean accountHere = ofKind(rendered, "ServiceAccount").stream()
                .anyMatch(a -> namespace(a).equals(SLIPWAY_NAMESPACE) && a.at("/metadata/name").asText().equals(ACCOUNT));
        if (!bindings.isEmpty() && !accountHere) {
            problems.add("no ServiceAccount " + ACCOUNT + " in namespace " + SLIPWAY_NAMESPACE + " for the RoleBindings to bind");
        }
        return problems;
    }

    private static String projectVersion() {
        try {
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("(?m)^  <version>([^<]+)</version>")
                    .matcher(Files.readString(Path.of("pom.xml")));
            assertThat(version.find()).as("pom.xml has a project <version>").isTrue();
            return version.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String triple(String group, String resource, String verb) {
        return group + "/" + resource + ":" + verb;
    }

    private static Optional<String> difference(Set<String> a, Set<String> b) {
        Set<String> only = new TreeSet<>(a);
        only.removeAll(b);
        return only.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", only));
    }

    private static List<String> namespacesWithRoles(List<JsonNode> rendered) {
        return ofKind(rendered, "Role").stream().map(RbacManifestTest::namespace).sorted().toList();
    }

    private Path copyOfDeploy() throws IOException {
        Path copy = temp.resolve("kubernetes");
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(DEPLOY.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** What the README and targets/apps/kustomization.yaml say to do for another namespace. */
    private static void addTargetNamespace(Path deploy, String namespace) throws IOException {
        Path example = deploy.resolve("targets").resolve("apps");
        Path added = Files.createDirectories(deploy.resolve("targets").resolve(namespace));
        for (String file : List.of("kustomization.yaml", "namespace.yaml")) {
            Files.writeString(added.resolve(file), Files.readString(example.resolve(file))
                    .replace("namespace: apps", "namespace: " + namespace).replace("name: apps", "name: " + namespace));
        }
        Path top = deploy.resolve("kustomization.yaml");
        Files.writeString(top, Files.readString(top) + "  - targets/" + namespace + "\n");
    }

    private static List<JsonNode> render(Path dir) {
        CommandResult result = RealCommand.run(Duration.ofMinutes(1), Map.of(), List.of("kubectl", "kustomize", dir.toString())).ok();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(result.out())) {
            return documents.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize " + dir + " rendered what is not YAML: " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> ofKind(List<JsonNode> rendered, String kind) {
        return rendered.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static JsonNode only(List<JsonNode> rendered, String kind) {
        List<JsonNode> all = ofKind(rendered, kind);
        assertThat(all).as("objects of kind " + kind).hasSize(1);
        return all.get(0);
    }

    private static String name(JsonNode object) {
        return (object.at("/metadata/namespace").isMissingNode() ? "" : namespace(object) + "/") + object.at("/metadata/name").asText();
    }

    private static String namespace(JsonNode object) {
        return object.at("/metadata/namespace").asText();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }
}
