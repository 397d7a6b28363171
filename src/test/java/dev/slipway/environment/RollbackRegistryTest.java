package dev.slipway.environment;

import static dev.slipway.environment.DeployWorld.APP;
import static dev.slipway.environment.DeployWorld.LAUNCH;
import static dev.slipway.environment.DeployWorld.release;
import static dev.slipway.environment.DeployWorld.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import dev.slipway.image.ImageReference;
import dev.slipway.pipeline.RegistrySpec;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollback puts the earlier version's image back in the environment's registry too (its env- tag moves back), with
 * the registry the pipeline file of that version names; other orders carry their registry themselves.
 */
class RollbackRegistryTest {
    record Copy(Digest digest, String to) {}

    private DeployWorld world;
    private final List<Copy> copies = new CopyOnWriteArrayList<>();
    private final List<Long> asked = new CopyOnWriteArrayList<>();
    private Deployer deployer;

    @BeforeEach
    void aWorld() throws Exception {
        world = new DeployWorld();
        RegistrySpec team = new RegistrySpec(ImageReference.parseRepository("127.0.0.1:5000/team/hello"), Optional.empty());
        deployer = new Deployer(world.environments, world.deployments, world.ledger, world.target, world.router,
                new PortAllocator(InetAddress.getLoopbackAddress()), world.blueGreen, SecretSource.NONE,
                TestSandbox.hiding(), (app, digest, registry, env) -> copies.add(new Copy(digest, registry.to().toString())),
                (release, env) -> {
                    asked.add(release.run());
                    return Optional.of(team);
                });
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    @Test
    void aRollbackCopiesTheEarlierImageToTheRegistryItsPipelineFileNamed() {
        Deployment first = deployer.deploy(DeployOrder.push(APP, "production", release(1), "alice", LAUNCH)).join();
        deployer.deploy(DeployOrder.push(APP, "production", release(2), "alice", LAUNCH)).join();
        assertThat(copies).as("pushes without registry: in their order copy nothing").isEmpty();

        Deployment back = deployer.deploy(DeployOrder.rollback(world.environment("production"), first, "bob",
                Rollout.RECREATE)).join();

        assertThat(back.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(asked).containsExactly(first.run());
        assertThat(copies).containsExactly(new Copy(version(1), "127.0.0.1:5000/team/hello"));
    }
}
