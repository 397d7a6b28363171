package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.secret.SealedTargetKeys;
import dev.slipway.secret.SecretBox;
import dev.slipway.target.NewTarget;
import dev.slipway.target.Target;
import dev.slipway.target.TargetSelector;
import dev.slipway.target.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target use cases over the real SQL repositories (SQLite), the real audit log and a real SecretBox. */
class TargetsTest extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Principal ADMIN = new Principal("root");
    static final Principal APP_ADMIN = new Principal("alice");
    static String ca;
    static String cert;
    static String key;

    private Targets targets;
    private SqlTargetRepository repository;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    /** A real CA-signed client certificate and key, as an admin would make them for an engine with --tlsverify. */
    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "client.csr", "-subj", "/CN=slipway");
        openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "cert.pem", "-days", "2");
        ca = Files.readString(dir.resolve("ca.pem"));
        cert = Files.readString(dir.resolve("cert.pem"));
        key = Files.readString(dir.resolve("key.pem"));
    }

    static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App("web", T0), () -> { });
        SqlUserRepository users = new SqlUserRepository(db);
        users.create(new dev.slipway.auth.User(ADMIN.user(), T0));
        users.create(new dev.slipway.auth.User(APP_ADMIN.user(), T0));
        SqlGrantRepository grants = new SqlGrantRepository(db);
        grants.put(new Grant(ADMIN.user(), Grant.EVERY_APP, Role.ADMIN, T0));
        grants.put(new Grant(APP_ADMIN.user(), "web", Role.ADMIN, T0)); // admin of one app: not of the machines
        byte[] secretKey = new byte[32];
        new SecureRandom().nextBytes(secretKey);
        repository = new SqlTargetRepository(db);
        targets = new Targets(repository, new SealedTargetKeys(new SecretBox(new SecretKeySpec(secretKey, "AES"))),
                apps, new Access(grants), db, new AuditLog(new SqlAuditRepository(db), clock), clock);
    }

    static NewTarget unix(String name, String... labels) {
        return new NewTarget(name, "docker", "unix:///run/engine-" + name + ".sock", Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(labels), false);
    }

    static NewTarget tcp(String endpoint, Optional<String> ca, Optional<String> cert, Optional<String> key,
                         boolean insecure) {
        return new NewTarget("remote", "docker", endpoint, ca, cert, key, List.of("site=ka"), insecure);
    }

    private List<AuditEntry> audit() {
        return new SqlAuditRepository(db).list(null, 0, 100);
    }

    private String refused(Problem.Kind kind, ThrowingCallable call) {
        int entries = audit().size();
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).as("refused").isNotNull();
        assertThat(problem.kind()).as(problem.getMessage()).isEqualTo(kind);
        assertThat(audit()).as("a refusal is not audited").hasSize(entries);
        return problem.getMessage();
    }

    @Test
    void addValidatesNameEndpointTlsAndLabels() {
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, unix("Prod_A"))))
                .contains("target name 'Prod_A' is not valid");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, new NewTarget("a", "docker",
                "http://host:2375", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false))))
                .contains("scheme 'http'").contains("unix://").contains("tcp://");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, new NewTarget("a", "docker",
                "unix://run/docker.sock", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false))))
                .contains("three slashes");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5", Optional.empty(),
                Optional.empty(), Optional.empty(), true)))).contains("tcp://HOST:PORT");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5:2376", Optional.empty(),
                Optional.empty(), Optional.empty(), false))))
                .contains("has no TLS").contains("anyone who can reach that port").contains("--insecure")
                .contains("--tls-ca ca.pem --tls-cert cert.pem --tls-key key.pem");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5:2376", Optional.of(ca),
                Optional.of(cert), Optional.empty(), false)))).contains("missing: --tls-key");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5:2376",
                Optional.of("not a certificate"), Optional.of(cert), Optional.of(key), false))))
                .contains("--tls-ca is not a PEM file");
        String wrongFile = refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5:2376",
                Optional.of(ca), Optional.of(cert), Optional.of(cert), false)));
        assertThat(wrongFile).contains("--tls-key holds a PEM 'CERTIFICATE', not a private key");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, tcp("tcp://10.0.0.5:2376", Optional.of(key),
                Optional.of(cert), Optional.of(key), false)))).contains("--tls-ca holds a PEM").contains("expected CERTIFICATE");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, unix("a", "site"))))
                .contains("label 'site' is not key=value");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, unix("a", "Site=ka"))))
                .contains("label key 'Site' is not valid");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, unix("a", "site=ka", "site=ber"))))
                .contains("given twice");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.add(ADMIN, new NewTarget("a", "docker",
                "unix:///run/docker.sock", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), true))))
                .contains("for tcp:// endpoints only");
        assertThat(targets.list(ADMIN)).isEmpty();
    }

    @Test
    void theClientKeyIsSealedAtRestAndOpensForTheEngineClientOnly() {
        Target added = targets.add(ADMIN, tcp("tcp://127.0.0.1:2376", Optional.of(ca), Optional.of(cert),
                Optional.of(key), false));
        String sealed = repository.find("remote").orElseThrow().tls().orElseThrow().sealedKey();
        assertThat(sealed).startsWith("v1:").doesNotContain("PRIVATE KEY");
        assertThat(added.tls().orElseThrow().caPem()).isEqualTo(ca);
        assertThat(targets.connection("remote").keyPem()).contains(key);
        assertThat(targets.connection("remote").toString()).doesNotContain("PRIVATE");
        assertThat(audit()).extracting(AuditEntry::action, AuditEntry::subject, AuditEntry::after)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("target.added", "target remote",
                        "docker tcp://127.0.0.1:2376 tls labels site=ka"));
        assertThat(audit().get(0).after()).doesNotContain("PRIVATE");
        // an explicit --insecure is taken and said so
        Target insecure = targets.add(ADMIN, new NewTarget("lab", "docker", "tcp://127.0.0.1:2375", Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), true));
        assertThat(insecure.insecure()).isTrue();
        assertThat(refused(Problem.Kind.CONFLICT, () -> targets.add(ADMIN, unix("lab")))).contains("exists already");
    }

    @Test
    void onlyAnAdminOnEveryAppManagesTargets() {
        targets.add(ADMIN, unix("prod-a"));
        List<ThrowingCallable> calls = List.of(() -> targets.add(APP_ADMIN, unix("prod-b")),
                () -> targets.list(APP_ADMIN), () -> targets.show(APP_ADMIN, "prod-a"),
                () -> targets.remove(APP_ADMIN, "prod-a"), () -> targets.label(APP_ADMIN, "prod-a", "site=ka"),
                () -> targets.bind(APP_ADMIN, "web", "production", new TargetSelector.Named("prod-a")),
                () -> targets.unbind(APP_ADMIN, "web", "production", new TargetSelector.Named("prod-a")));
        for (ThrowingCallable call : calls) {
            assertThat(refused(Problem.Kind.FORBIDDEN, call)).contains("user 'alice' needs role admin on every app");
        }
        assertThat(refused(Problem.Kind.UNAUTHENTICATED, () -> targets.list(null))).isNotEmpty();
        assertThat(targets.targetsFor("web", "production")).isEmpty();
    }

    @Test
    void aLabelBindingCoversATargetLabelledLaterAndStopsWhenTheLabelGoes() {
        targets.add(ADMIN, unix("prod-a", "site=ka"));
        targets.add(ADMIN, unix("prod-b"));
        targets.add(ADMIN, unix("other", "site=ber"));
        targets.bind(ADMIN, "web", "production", Targets.selector(null, "site=ka"));
        assertThat(targets.targetsFor("web", "production")).extracting(Target::name).containsExactly("prod-a");

        targets.label(ADMIN, "prod-b", "site=ka");
        assertThat(targets.targetsFor("web", "production")).extracting(Target::name).containsExactly("prod-a", "prod-b");
        targets.bind(ADMIN, "web", "production", Targets.selector("other", null));
        assertThat(targets.targetsFor("web", "production")).extracting(Target::name)
                .containsExactly("other", "prod-a", "prod-b");
        assertThat(targets.targetsFor("web", "staging")).isEmpty();

        targets.unlabel(ADMIN, "prod-b", "site");
        assertThat(targets.targetsFor("web", "production")).extracting(Target::name).containsExactly("other", "prod-a");
        assertThat(audit()).extracting(AuditEntry::action).containsSubsequence("target.unlabelled", "target.bound",
                "target.labelled", "target.bound"); // newest first
        AuditEntry bound = audit().stream().filter(e -> e.action().equals("target.bound")).reduce((a, b) -> b).orElseThrow();
        assertThat(bound.app()).isEqualTo("web");
        assertThat(bound.subject()).isEqualTo("environment production");
        assertThat(bound.after()).isEqualTo("site=ka");
    }

    @Test
    void removeIsRefusedWhileBoundSayingWhichBindingsAndHowToUndoThem() {
        targets.add(ADMIN, unix("prod-a", "site=ka"));
        targets.bind(ADMIN, "web", "production", Targets.selector("prod-a", null));
        targets.bind(ADMIN, "web", "staging", Targets.selector(null, "site=ka"));

        String message = refused(Problem.Kind.CONFLICT, () -> targets.remove(ADMIN, "prod-a"));
        assertThat(message).contains("target 'prod-a' is bound")
                .contains("web/production ← prod-a (`slipway target unbind prod-a --app web --env production`)")
                .contains("web/staging ← site=ka (`slipway target unbind --label site=ka --app web --env staging` or "
                        + "`slipway target label remove prod-a site`)");
        assertThat(targets.show(ADMIN, "prod-a").boundBy()).hasSize(2);

        targets.unbind(ADMIN, "web", "production", Targets.selector("prod-a", null));
        targets.unbind(ADMIN, "web", "staging", Targets.selector(null, "site=ka"));
        targets.remove(ADMIN, "prod-a");
        assertThat(targets.list(ADMIN)).isEmpty();
        assertThat(audit()).extracting(AuditEntry::action).containsExactly("target.removed", "target.unbound",
                "target.unbound", "target.bound", "target.bound", "target.added");
    }

    /** What a push hears about {@code targets:} (environment.TargetNarrowing), over the same bindings. */
    @Test
    void aPipelineFileMayOnlyNarrowWhatIsBound() throws Exception {
        targets.add(ADMIN, unix("prod-a", "site=ka", "tier=web"));
        targets.add(ADMIN, unix("prod-b", "site=ber"));
        targets.bind(ADMIN, "web", "production", Targets.selector(null, "site=ka"));
        targets.bind(ADMIN, "web", "production", Targets.selector("prod-b", null));
        dev.slipway.environment.TargetNarrowing narrowing = new dev.slipway.environment.TargetNarrowing(targets);
        dev.slipway.pipeline.PipelineSpec spec = new dev.slipway.pipeline.PipelineParser().parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]
                service: { command: x }
                environments:
                  - name: production
                    targets: { site: ka }
                  - name: staging
                  - name: qa
                    targets: [prod-a]
                """);
        var production = spec.environments().get(0);
        assertThat(narrowing.chosen("web", production)).extracting(Target::name).containsExactly("prod-a");
        assertThat(narrowing.chosen("web", spec.environments().get(1))).isEmpty(); // nothing bound: the local target
        assertThat(narrowing.refusals("web", spec)).containsExactly("refused: qa names target prod-a in targets:, not "
                + "bound to web/qa (nothing is bound there); the pipeline file may only narrow what an admin bound. An "
                + "admin can bind it: `slipway target bind prod-a --app web --env qa`");

        dev.slipway.pipeline.PipelineSpec elsewhere = new dev.slipway.pipeline.PipelineParser().parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]
                service: { command: x }
                environments:
                  - name: production
                    targets: { site: ka, tier: db }
                """);
        assertThat(narrowing.refusals("web", elsewhere)).singleElement().asString()
                .contains("production's targets: { site: ka, tier: db } selects none of the targets bound to "
                        + "web/production (bound there: prod-a [site=ka,tier=web], prod-b [site=ber])")
                .contains("`slipway target bind --label site=ka --app web --env production`");
        // a target labelled later joins the label binding, and the file's choice with it
        targets.label(ADMIN, "prod-b", "site=ka");
        targets.label(ADMIN, "prod-b", "tier=db");
        assertThat(narrowing.refusals("web", elsewhere)).isEmpty();
        assertThat(narrowing.chosen("web", elsewhere.environments().get(0))).extracting(Target::name)
                .containsExactly("prod-b");
    }

    @Test
    void bindingsNameARealAppAndEnvironmentAndAnExistingTarget() {
        targets.add(ADMIN, unix("prod-a"));
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> targets.bind(ADMIN, "shop", "production",
                Targets.selector("prod-a", null)))).contains("app 'shop' does not exist");
        assertThat(refused(Problem.Kind.INVALID, () -> targets.bind(ADMIN, "web", "Prod",
                Targets.selector("prod-a", null)))).contains("'Prod' is not an environment name");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> targets.bind(ADMIN, "web", "production",
                Targets.selector("prod-z", null)))).contains("target 'prod-z' does not exist");
        assertThat(refused(Problem.Kind.INVALID, () -> Targets.selector("prod-a", "site=ka"))).contains("not both");
        targets.bind(ADMIN, "web", "production", Targets.selector("prod-a", null));
        assertThat(refused(Problem.Kind.CONFLICT, () -> targets.bind(ADMIN, "web", "production",
                Targets.selector("prod-a", null)))).contains("bound already");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> targets.unbind(ADMIN, "web", "production",
                Targets.selector(null, "site=ka")))).contains("is not bound to site=ka (bound: prod-a)");
    }
}
