package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.Background;
import dev.slipway.app.App;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import dev.slipway.environment.BlueGreen;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.DeployQueue;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.Release;
import dev.slipway.target.docker.DockerEngine;
import dev.slipway.environment.docker.DockerTarget;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.environment.local.LocalRouter;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.Registry;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.ServerTags;
import dev.slipway.image.TargetPulls;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.PipelineTexts;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.process.TestSandbox;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlImageRepository;
import dev.slipway.store.SqlPromotionRepository;
import dev.slipway.store.SqlRunRepository;
import dev.slipway.store.SqlTokenRepository;
import dev.slipway.testing.ServingImage;
import dev.slipway.testing.TestDocker;
import dev.slipway.web.registry.RegistryServlet;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images deploy, and their tags follow: staging and production on a real {@link DockerTarget} (the shared engine),
 * pulling with the target's pull token from Slipway's registry (its servlet, over this world's database, on a port of
 * its own); the promotion use cases as boot wires them, with {@link ReleaseTags} listening to the deployer. A tag
 * push moves {@code APP:v1.0.0} and {@code APP:env-production} to the digest staging ran, and nothing is rebuilt.
 */
class ImageReleaseTagsTest {
    static final String APP = "hello";
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "true" } ]
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/sh", "-c", "exec busybox httpd -f -p 127.0.0.1:$PORT -h /www" ]
            service:
              command: "exec busybox httpd -f -p 127.0.0.1:$PORT -h /www"
              health: /healthz
              stop_grace: 2s
            environments:
              - name: staging
                branches: [ main ]
              - name: production
                tags: [ "v*" ]
                from: staging
            """;

    @TempDir
    Path dir;
    TestDocker docker;
    Database db;
    SqlImageRepository images;
    SqlRunRepository runs;
    SqlEnvironmentRepository environments;
    SqlDeploymentRepository deployments;
    AuditLog audit;
    Server http;
    String registry;
    PullCredential pull;
    DockerTarget target;
    LocalRouter router;
    Deployer deployer;
    PromotionEngine engine;
    TagPushes tagPushes;
    final ExecutorService deployPool = Executors.newCachedThreadPool();
    Digest image;

    @BeforeEach
    void world() throws Exception {
        docker = TestDocker.get();
        Clock clock = Clock.systemUTC();
        db = Database.open(Database.sqliteUrl(dir));
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App(APP, clock.instant()), () -> { });
        images = new SqlImageRepository(db);
        runs = new SqlRunRepository(db);
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
        audit = new AuditLog(new SqlAuditRepository(db), clock);
        ServerTags tags = new ServerTags(images, db, audit, clock);
        RunCredentials runCredentials = new RunCredentials();
        // the engine's target serves this app, as an admin's binding would say
        TargetPulls pulls = new TargetPulls((t, app) -> t.equals("engine") && app.equals(APP));
        registry = serveRegistry(new RegistryServlet(new Registry(images, new ArtifactStore(dir.resolve("artifacts")),
                tags, db, audit, clock, new BlobGuard()), new Authenticator(new SqlTokenRepository(db), clock),
                new Access(new SqlGrantRepository(db)), runCredentials, pulls, apps));
        TargetPulls.Issued issued = pulls.issue("engine");
        pull = new PullCredential(registry, issued.user(), issued.token());
        image = pushImage(runCredentials);

        target = new DockerTarget("engine", new DockerEngine(docker.host()), pull,
                new PortAllocator(InetAddress.getLoopbackAddress()), dir.resolve("environments"));
        router = new LocalRouter("127.0.0.1", Duration.ofMillis(100));
        DeploymentLedger ledger = new DeploymentLedger(deployments, db, audit, clock);
        deployer = new Deployer(environments, deployments, ledger, target, router,
                new PortAllocator(InetAddress.getLoopbackAddress()),
                new BlueGreen(environments, deployments, ledger, target, router, new DeployQueue(deployPool)),
                TestSandbox.hiding(dir));
        wirePromotions(clock, tags);
    }

    /** As PromotionWiring: the engine and the release tags listen to the deployer. */
    private void wirePromotions(Clock clock, ServerTags tags) {
        SqlPromotionRepository promotions = new SqlPromotionRepository(db);
        SqlGrantRepository grants = new SqlGrantRepository(db);
        new dev.slipway.store.SqlUserRepository(db).create(new dev.slipway.auth.User("rita", clock.instant()));
        grants.put(new dev.slipway.auth.Grant("rita", APP, dev.slipway.auth.Role.RELEASER, clock.instant()));
        Access access = new Access(grants);
        Candidates candidates = new Candidates(runs, environments, deployments, run -> Optional.of(spec()));
        PromotionLedger ledger = new PromotionLedger(promotions, db, audit, clock);
        Gates gates = new Gates(promotions, deployments, access, clock);
        engine = new PromotionEngine(promotions, ledger, gates, candidates, deployer, deployments,
                Executors.newSingleThreadScheduledExecutor());
        deployer.onFinished(engine::deploymentFinished);
        deployer.onFinished(new ReleaseTags(images, tags, promotions)::deploymentFinished);
        tagPushes = new TagPushes(new Promotions(promotions, ledger, candidates, gates, engine, access),
                new PipelineFiles(new PipelineTexts(commit -> PIPELINE)));
    }

    /** The image a run pushed, by docker with the run's credentials; the engine keeps no copy. */
    private Digest pushImage(RunCredentials credentials) {
        RunCredentials.Issued run = credentials.issue(APP, 1);
        docker.docker("login", registry, "-u", run.user(), "-p", run.token()).ok();
        try {
            return ServingImage.push(docker, dir.resolve("image"), registry, APP, "built", "hello from the image");
        } finally {
            docker.docker("logout", registry);
            credentials.revoke(APP, 1);
        }
    }

    private String serveRegistry(RegistryServlet servlet) throws Exception {
        http = new Server();
        ServerConnector connector = new ServerConnector(http);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        http.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder("registry", servlet), "/v2/*");
        http.setHandler(context);
        http.start();
        return "127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (deployer != null) {
            deployer.drain();
            engine.close();
            target.inPlace().forEach(p -> target.discard(p.app(), p.environment(), p.deployment()));
            target.close();
            router.close();
        }
        Background.stop("deploy", deployPool);
        if (image != null) {
            docker.docker("rmi", registry + "/" + APP + "@" + image);
        }
        if (http != null) {
            http.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aTagPushMovesTheReleaseTagAndEnvProductionToTheDigestStagingRanAndBuildsNothing() throws Exception {
        Run run = succeededRun("1111111111111111111111111111111111111111", image);
        Deployment staging = deployer.deploy(DeployOrder.push(APP, "staging", environment("staging"), "main",
                new Release(image, run.commit(), run.number()), "rita", spec().service().orElseThrow())).join();
        assertThat(staging.state()).as(staging.reason()).isEqualTo(DeploymentState.LIVE);
        assertThat(manifestDigest("env-staging")).hasValue(image.toString());
        int runsBefore = runs.list(APP, 100).size();
        int imagesBefore = images.manifests(APP).size();

        TagPushes.Answer answer = tagPushes.pushed(new Principal("rita"), APP, "v1.0.0", run.commit());

        assertThat(answer).isInstanceOf(TagPushes.Answer.Promoted.class);
        await().atMost(Duration.ofMinutes(1)).until(() -> environments.find(APP, "production")
                .flatMap(e -> e.live()).isPresent());
        Deployment production = deployments.find(APP, environments.find(APP, "production").orElseThrow().live()
                .orElseThrow()).orElseThrow();
        assertThat(production.digest()).isEqualTo(image);
        assertThat(target.digest(production.service())).hasValue(image);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(manifestDigest("v1.0.0")).hasValue(image.toString());
            assertThat(manifestDigest("env-production")).hasValue(image.toString());
        });
        assertThat(manifestDigest("env-staging")).hasValue(image.toString());
        assertThat(runs.list(APP, 100)).hasSize(runsBefore);
        assertThat(images.manifests(APP)).hasSize(imagesBefore);
        List<String> tagged = audit.list(APP, 0, 100).stream().filter(e -> e.action().equals("image.tagged"))
                .map(AuditEntry::subject).toList();
        assertThat(tagged).contains(APP + ":env-staging", APP + ":env-production", APP + ":v1.0.0");
    }

    /** What the registry says the tag names, as a client asks it (HEAD of the manifest), with the target's token. */
    private Optional<String> manifestDigest(String tag) throws Exception {
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry
                        + "/v2/" + APP + "/manifests/" + tag)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((pull.user() + ":" + pull.token())
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
        return head.statusCode() == 200 ? head.headers().firstValue("Docker-Content-Digest") : Optional.empty();
    }

    private Run succeededRun(String commit, Digest artifact) {
        Run run = runs.create(new NewRun(APP, "main", commit, "tree-" + commit, "sha256:pipe", "rita",
                Clock.systemUTC().instant(), List.of()));
        runs.setArtifact(APP, run.number(), artifact, null);
        runs.move(APP, run.number(), RunState.QUEUED, RunState.SUCCEEDED, Clock.systemUTC().instant(), null);
        return runs.find(APP, run.number()).orElseThrow();
    }

    private static PipelineSpec spec() {
        try {
            return new PipelineParser().parse(PIPELINE);
        } catch (dev.slipway.pipeline.PipelineException e) {
            throw new AssertionError(e);
        }
    }

    private static EnvironmentSpec environment(String name) {
        return spec().environments().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
