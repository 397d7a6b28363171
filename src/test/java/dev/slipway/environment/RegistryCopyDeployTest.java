package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.LayerPath;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.auth.User;
import dev.slipway.image.BaseImage;
import dev.slipway.image.BuiltImage;
import dev.slipway.image.DistributionRegistry;
import dev.slipway.image.ImageBuilder;
import dev.slipway.image.ImageCopy;
import dev.slipway.image.ImageRecipe;
import dev.slipway.image.RegistryClient;
import dev.slipway.image.ServerTags;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.process.TestSandbox;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretPolicy;
import dev.slipway.secret.Secrets;
import dev.slipway.secret.ServiceSecrets;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlImageRepository;
import dev.slipway.store.SqlSecretRepository;
import dev.slipway.store.SqlUserRepository;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment into an environment with {@code registry:} copies its image, by digest, to the real distribution
 * registry before its service starts; a registry that refuses fails the deployment in its own words, nothing started.
 * Real SQLite repositories, real secrets (sealed, app-wide), an image built by Slipway's builder.
 */
class RegistryCopyDeployTest {
    @TempDir
    static Path registryDir;

    static DistributionRegistry registry;

    @TempDir
    Path dir;

    private DeployWorld world;
    private Deployer deployer;
    private BuiltImage image;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = DistributionRegistry.withUser(registryDir, "ci", "right-password");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        world = new DeployWorld();
        ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
        SqlImageRepository images = new SqlImageRepository(world.db);
        Path workspace = Files.createDirectories(dir.resolve("ws/rootfs/www"));
        Files.writeString(workspace.resolve("index.html"), "hello from an image");
        image = new ImageBuilder(store, images, new ServerTags(images, world.db, world.audit, Clock.systemUTC()), null,
                (user, app) -> true, Clock.systemUTC(), new dev.slipway.image.BlobGuard()).build(DeployWorld.APP, 1,
                "alice", dir.resolve("ws"), new ImageRecipe(BaseImage.scratch(), List.of(new LayerPath("rootfs/", "/")),
                        null, List.of("/bin/httpd"), Map.of(), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                        Map.of(), Optional.empty()));

        new SqlUserRepository(world.db).create(new User("rita", Instant.now()));
        new SqlGrantRepository(world.db).put(new Grant("rita", DeployWorld.APP, Role.RELEASER, Instant.now()));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Secrets secrets = new Secrets(new SqlSecretRepository(world.db), new SecretBox(new SecretKeySpec(key, "AES")),
                new SecretPolicy(new Access(new SqlGrantRepository(world.db)), (app, env) -> false), world.db,
                world.audit, Clock.systemUTC());
        secrets.setAppWide(new Principal("rita"), DeployWorld.APP, "REG_LOGIN", "ci:right-password");
        secrets.setAppWide(new Principal("rita"), DeployWorld.APP, "OLD_LOGIN", "ci:expired-password");
        ServiceSecrets source = new ServiceSecrets(secrets);
        deployer = new Deployer(world.environments, world.deployments, world.ledger, world.target, world.router,
                new PortAllocator(InetAddress.getLoopbackAddress()), world.blueGreen, source, TestSandbox.hiding(),
                new RegistryCopies(images, store, source, new ImageCopy(), RegistryClient::connect));
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    private Deployment deploy(String credentials, Release release) throws Exception {
        PipelineSpec spec = new PipelineParser().parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]
                service: { command: ./serve, health: /healthz }
                environments:
                  - name: production
                    registry: { to: "%s/team/web"%s }
                """.formatted(registry.host, credentials == null ? "" : ", credentials: " + credentials));
        EnvironmentSpec production = spec.environments().get(0);
        return deployer.deploy(DeployOrder.promotion(DeployWorld.APP, "production", release, "rita", production,
                spec.service().orElseThrow())).join();
    }

    private Release imageRelease() {
        return new Release(image.digest(), "c".repeat(40), 1);
    }

    @Test
    void theImageIsCopiedByDigestBeforeTheServiceStarts() throws Exception {
        Deployment deployed = deploy("REG_LOGIN", imageRelease());

        assertThat(deployed.state()).as(deployed.reason()).isEqualTo(DeploymentState.LIVE);
        assertThat(registry.skopeoInspect(dir.resolve("skopeo"), "team/web:env-production", "ci:right-password"))
                .contains("\"Digest\": \"" + image.digest() + "\"");
        assertThat(registry.skopeoInspect(dir.resolve("skopeo"), "team/web@" + image.digest(), "ci:right-password"))
                .contains("\"Digest\": \"" + image.digest() + "\"");
        assertThat(world.target.started).hasSize(1);
    }

    @Test
    void aRegistryRefusingTheLoginFailsTheDeploymentInItsOwnWordsAndNothingStarts() throws Exception {
        Deployment deployed = deploy("OLD_LOGIN", imageRelease());

        assertThat(deployed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(deployed.reason())
                .startsWith("copying image " + image.digest() + " to " + registry.host + "/team/web failed: registry "
                        + registry.host + " refused ")
                .contains("with the credentials given: UNAUTHORIZED authentication required (HTTP 401)")
                .doesNotContain("expired-password");
        assertThat(world.target.started).isEmpty();
        assertThat(world.environment("production").live()).isEmpty();
    }

    @Test
    void credentialsThatAreNotSetSayHowToSetThem() throws Exception {
        Deployment deployed = deploy("NEVER_SET", imageRelease());

        assertThat(deployed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(deployed.reason()).isEqualTo("the registry's credentials, app-wide secret NEVER_SET of app 'hello', "
                + "are not set: set them with `printf %s 'USER:PASSWORD' | slipway secret set hello NEVER_SET "
                + "--app-wide`, then deploy again");
        assertThat(world.target.started).isEmpty();
    }

    @Test
    void anArtifactThatIsNotAnImageIsDeployedWithoutACopy() throws Exception {
        Deployment deployed = deploy("REG_LOGIN", DeployWorld.release(7));

        assertThat(deployed.state()).as(deployed.reason()).isEqualTo(DeploymentState.LIVE);
        assertThat(RegistryClient.connect(registry.host, new dev.slipway.image.RegistryCredentials("ci", "right-password"))
                .hasBlob("team/web", DeployWorld.version(7))).isFalse();
    }
}
