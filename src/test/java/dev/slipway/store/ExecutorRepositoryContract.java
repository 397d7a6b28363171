package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.secret.SealedTargetKeys;
import dev.slipway.secret.SecretBox;
import dev.slipway.target.Executor;
import dev.slipway.target.ExecutorRegistry;
import dev.slipway.target.NewExecutor;
import dev.slipway.target.TargetCluster;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every ExecutorRepository must do, on every database, and the executor use cases over it. */
abstract class ExecutorRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00.123Z");
    static final Principal ADMIN = new Principal("root");
    static final Principal APP_ADMIN = new Principal("alice");
    static String ca;
    static String cert;
    static String key;

    private SqlExecutorRepository repository;
    private ExecutorRegistry executors;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        TargetsTest.openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test");
        ca = Files.readString(dir.resolve("ca.pem"));
        cert = ca;
        key = Files.readString(dir.resolve("key.pem"));
    }

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SqlUserRepository users = new SqlUserRepository(db);
        users.create(new dev.slipway.auth.User(ADMIN.user(), T0));
        users.create(new dev.slipway.auth.User(APP_ADMIN.user(), T0));
        SqlGrantRepository grants = new SqlGrantRepository(db);
        grants.put(new Grant(ADMIN.user(), Grant.EVERY_APP, Role.ADMIN, T0));
        grants.put(new Grant(APP_ADMIN.user(), "web", Role.ADMIN, T0)); // admin of one app: not of the machines
        byte[] secretKey = new byte[32];
        new SecureRandom().nextBytes(secretKey);
        repository = new SqlExecutorRepository(db);
        executors = new ExecutorRegistry(repository, new SealedTargetKeys(new SecretBox(new SecretKeySpec(secretKey,
                "AES"))), new Access(grants), db, new AuditLog(new SqlAuditRepository(db), clock), clock);
    }

    @Test
    void anExecutorIsStoredWithItsTlsAndItsNameOnce() {
        Executor tls = new Executor("builds", "tcp://127.0.0.1:2376",
                Optional.of(new TargetTls("CA PEM", "CERT PEM", "v1:sealed")), false, T0, "root");
        Executor local = new Executor("local", "unix:///run/docker.sock", Optional.empty(), false, T0, "root");
        assertThat(repository.create(tls)).isTrue();
        assertThat(repository.create(tls)).isFalse();
        assertThat(repository.create(local)).isTrue();
        assertThat(repository.find("builds")).contains(tls);
        assertThat(repository.find("nope")).isEmpty();
        assertThat(repository.all()).containsExactly(tls, local);
        assertThat(repository.remove("builds")).isTrue();
        assertThat(repository.remove("builds")).isFalse();
        assertThat(repository.all()).containsExactly(local);
    }

    @Test
    void aClusterExecutorIsStoredWithItsKindNamespaceAndSealedKubeconfig() {
        Executor pods = new Executor("pods", TargetKind.KUBERNETES, "https://ci.example:6443", Optional.empty(), false,
                T0, "root", Optional.of(TargetCluster.kubeconfig("ci-jobs", "ci", "v1:sealed-kc")));
        Executor home = new Executor("home", TargetKind.KUBERNETES, TargetCluster.IN_CLUSTER, Optional.empty(), false,
                T0, "root", Optional.of(TargetCluster.inCluster("jobs")));
        Executor local = new Executor("local", "unix:///run/docker.sock", Optional.empty(), false, T0, "root");
        assertThat(repository.create(pods)).isTrue();
        assertThat(repository.create(home)).isTrue();
        assertThat(repository.create(local)).isTrue();
        assertThat(repository.find("pods")).contains(pods);
        assertThat(repository.find("local").orElseThrow().kind()).isEqualTo(TargetKind.DOCKER);
        assertThat(repository.all()).containsExactly(home, local, pods);
        // container jobs go to a Docker engine; a cluster is asked for by its kind
        assertThat(executors.forJobs()).map(TargetConnection::name).contains("local");
        assertThat(executors.connections()).extracting(TargetConnection::name).containsExactly("local");
        assertThat(executors.forJobs(TargetKind.KUBERNETES)).map(TargetConnection::name).contains("home");
    }

    @Test
    void onlyAnAdminOfEveryAppAddsOrRemovesOneAndEachChangeIsAuditedWithoutTheKey() {
        NewExecutor remote = new NewExecutor("builds", "tcp://127.0.0.1:2376", Optional.of(ca), Optional.of(cert),
                Optional.of(key), false);
        assertThat(catchThrowableOfType(Problem.class, () -> executors.add(APP_ADMIN, remote)).kind())
                .isEqualTo(Problem.Kind.FORBIDDEN);
        executors.add(ADMIN, remote);
        executors.add(ADMIN, new NewExecutor("local", "unix:///run/docker.sock", null, null, null, false));

        Executor stored = repository.find("builds").orElseThrow();
        assertThat(stored.tls().orElseThrow().sealedKey()).doesNotContain("PRIVATE KEY");
        TargetConnection chosen = executors.forJobs().orElseThrow();
        assertThat(chosen.name()).as("the first by name").isEqualTo("builds");
        assertThat(chosen.keyPem()).contains(key);
        assertThat(chosen.toString()).doesNotContain("PRIVATE KEY");

        executors.remove(ADMIN, "builds");
        assertThat(executors.list(ADMIN)).extracting(Executor::name).containsExactly("local");
        List<AuditEntry> audit = new SqlAuditRepository(db).list(null, 0, 100);
        assertThat(audit).extracting(AuditEntry::action)
                .containsExactlyInAnyOrder("executor.added", "executor.added", "executor.removed");
        assertThat(audit.toString()).doesNotContain("PRIVATE KEY").contains("tcp://127.0.0.1:2376 tls");
    }

    @Test
    void badInputIsRefusedSayingWhatToDo() {
        assertThat(catchThrowableOfType(Problem.class, () -> executors.add(ADMIN, new NewExecutor("Builds",
                "unix:///run/docker.sock", null, null, null, false))).getMessage())
                .contains("executor name 'Builds' is not valid");
        assertThat(catchThrowableOfType(Problem.class, () -> executors.add(ADMIN, new NewExecutor("b",
                "tcp://10.0.0.5:2376", null, null, null, false))).getMessage())
                .contains("has no TLS").contains("--insecure");
        executors.add(ADMIN, new NewExecutor("b", "tcp://10.0.0.5:2376", null, null, null, true));
        assertThat(catchThrowableOfType(Problem.class, () -> executors.add(ADMIN, new NewExecutor("b",
                "tcp://10.0.0.5:2376", null, null, null, true))).kind()).isEqualTo(Problem.Kind.CONFLICT);
        assertThat(catchThrowableOfType(Problem.class, () -> executors.remove(ADMIN, "nope")).getMessage())
                .contains("`slipway executor list`");
    }
}
