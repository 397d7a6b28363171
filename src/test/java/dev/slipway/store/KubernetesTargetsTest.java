package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.docker.DockerEngines;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.secret.SealedTargetKeys;
import dev.slipway.secret.SecretBox;
import dev.slipway.target.ExecutorRegistry;
import dev.slipway.target.NewCluster;
import dev.slipway.target.NewExecutor;
import dev.slipway.target.NewTarget;
import dev.slipway.target.Target;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetSelector;
import dev.slipway.target.Targets;
import dev.slipway.testing.MockCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes clusters as targets and executors, over the real SQL repositories (SQLite), the real audit log and a
 * real SecretBox, against fabric8's mock API server: checked, tried, stored with the kubeconfig sealed, opened again
 * for a client, and never in an audit entry.
 */
class KubernetesTargetsTest extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Principal ADMIN = new Principal("root");
    static final Principal APP_ADMIN = new Principal("alice");
    static MockCluster cluster;

    private Targets targets;
    private ExecutorRegistry executors;
    private SqlTargetRepository repository;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        new SqlAppRepository(db).create(new App("web", T0), () -> { });
        SqlUserRepository users = new SqlUserRepository(db);
        users.create(new dev.slipway.auth.User(ADMIN.user(), T0));
        users.create(new dev.slipway.auth.User(APP_ADMIN.user(), T0));
        SqlGrantRepository grants = new SqlGrantRepository(db);
        grants.put(new Grant(ADMIN.user(), Grant.EVERY_APP, Role.ADMIN, T0));
        grants.put(new Grant(APP_ADMIN.user(), "web", Role.ADMIN, T0));
        byte[] secretKey = new byte[32];
        new SecureRandom().nextBytes(secretKey);
        SealedTargetKeys keys = new SealedTargetKeys(new SecretBox(new SecretKeySpec(secretKey, "AES")));
        AuditLog audit = new AuditLog(new SqlAuditRepository(db), clock);
        repository = new SqlTargetRepository(db);
        targets = new Targets(repository, keys, new SqlAppRepository(db), new Access(grants), db, audit, clock);
        executors = new ExecutorRegistry(new SqlExecutorRepository(db), keys, new Access(grants), db, audit, clock);
    }

    static NewTarget kubernetes(String name, String kubeconfig, String context, String namespace, String... labels) {
        return new NewTarget(name, "kubernetes", null, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(labels), false, Optional.of(new NewCluster(Optional.ofNullable(kubeconfig),
                Optional.ofNullable(context), false, namespace)));
    }

    private List<AuditEntry> audit() {
        return new SqlAuditRepository(db).list(null, 0, 100);
    }

    private String refused(Problem.Kind kind, ThrowingCallable call) {
        int entries = audit().size();
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).as("refused").isNotNull();
        assertThat(problem.kind()).as(problem.getMessage()).isEqualTo(kind);
        assertThat(problem.getMessage()).doesNotContain("test-token");
        assertThat(audit()).as("a refusal is not audited").hasSize(entries);
        return problem.getMessage();
    }

    @Test
    void aClusterIsTriedStoredSealedAndOpenedForAClient() {
        Target added = targets.add(ADMIN, kubernetes("eu-1", cluster.kubeconfigText("eu", "other"), null, "shop",
                "site=eu"));
        assertThat(added.kind()).isEqualTo(TargetKind.KUBERNETES);
        assertThat(added.endpoint()).isEqualTo(cluster.url());
        assertThat(added.cluster().orElseThrow().namespace()).isEqualTo("shop");
        assertThat(added.cluster().orElseThrow().context()).contains("eu");
        assertThat(added.cluster().orElseThrow().sealedKubeconfig().orElseThrow()).doesNotContain("test-token");
        assertThat(repository.find("eu-1")).contains(added);

        TargetConnection connection = targets.connection("eu-1");
        assertThat(connection.cluster().orElseThrow().kubeconfig()).contains(cluster.kubeconfigText("eu", "other"));
        assertThat(connection.toString()).doesNotContain("test-token");

        // labels and bindings as for any target
        targets.bind(ADMIN, "web", "production", new TargetSelector.Labelled("site", "eu"));
        assertThat(targets.targetsFor("web", "production")).extracting(Target::name).containsExactly("eu-1");

        assertThat(audit()).extracting(AuditEntry::action).contains("target.added");
        assertThat(audit().toString()).doesNotContain("test-token")
                .contains("kubernetes " + cluster.url() + " namespace shop context eu labels site=eu");
    }

    @Test
    void aClusterSlipwayCannotReachOrUseIsRefusedBeforeAnythingIsStored() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String nowhere = cluster.kubeconfigText("eu", "shop").replace(cluster.url(), "http://127.0.0.1:" + closed);
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, kubernetes("eu-1", nowhere, null, "shop"))))
                .startsWith("target 'eu-1' cannot be used: cluster at http://127.0.0.1:" + closed + "/ cannot be "
                        + "reached (connection refused");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, new NewTarget("home", "kubernetes", null,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, Optional.of(new NewCluster(
                Optional.empty(), Optional.empty(), true, "shop"))))))
                .contains("target 'home' cannot be used: 'home' is reached in-cluster, but this Slipway server does "
                        + "not run in a Kubernetes pod");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, kubernetes("eu-1",
                cluster.kubeconfigText("eu", "shop"), "us", "shop"))))
                .isEqualTo("--context 'us' is not in the kubeconfig: give one of its contexts (eu)");
        assertThat(refused(Problem.Kind.FORBIDDEN, () -> targets.add(APP_ADMIN, kubernetes("eu-1",
                cluster.kubeconfigText("eu", "shop"), null, "shop")))).contains("needs role admin on every app");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, new NewTarget("d", "docker",
                "unix:///run/d.sock", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false,
                Optional.of(new NewCluster(Optional.empty(), Optional.empty(), true, "shop"))))))
                .contains("are for kubernetes targets (--kubernetes)");
        assertThat(repository.all()).isEmpty();
    }

    /** Until the cluster deploy target is wired, the Docker side leaves clusters out and says so when asked. */
    @Test
    void theDockerEnginesLeaveAClusterOutAndSayWhyWhenAskedForIt(@TempDir Path dir) {
        Target eu = targets.add(ADMIN, kubernetes("eu-1", cluster.kubeconfigText("eu", "shop"), null, "shop"));
        try (DockerEngines engines = new DockerEngines(targets, name -> new PullCredential("127.0.0.1:1", "u", "t"),
                dir.resolve("keys"), new PortAllocator(InetAddress.getLoopbackAddress()), dir.resolve("root"))) {
            assertThat(engines.all()).isEmpty();
            assertThatThrownBy(() -> engines.engine(eu)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("target eu-1 is a kubernetes target (" + cluster.url() + "), not a Docker engine: this "
                            + "server does not deploy to it yet");
        }
    }

    @Test
    void anExecutorOfAClusterTakesTheSameOptionsAndRules() {
        var added = executors.add(ADMIN, new NewExecutor("pods", "kubernetes", null, Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.of(new NewCluster(Optional.of(cluster.kubeconfigText("ci", "x")),
                Optional.empty(), false, "ci-jobs"))));
        assertThat(added.kind()).isEqualTo(TargetKind.KUBERNETES);
        assertThat(added.endpoint()).isEqualTo(cluster.url());
        TargetConnection pods = executors.forJobs(TargetKind.KUBERNETES).orElseThrow();
        assertThat(pods.cluster().orElseThrow().namespace()).isEqualTo("ci-jobs");
        assertThat(pods.cluster().orElseThrow().kubeconfig()).contains(cluster.kubeconfigText("ci", "x"));
        assertThat(executors.forJobs()).as("container jobs need a Docker engine").isEmpty();

        assertThat(refused(Problem.Kind.INVALID, () -> executors.add(ADMIN, new NewExecutor("bad", "kubernetes", null,
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.of(new NewCluster(
                Optional.of(cluster.kubeconfigText("ci", "x")), Optional.empty(), false, "CI_Jobs"))))))
                .contains("--namespace 'CI_Jobs' is not a Kubernetes namespace name");
        assertThat(audit().toString()).contains("executor pods").contains("namespace ci-jobs context ci")
                .doesNotContain("test-token");
    }
}
