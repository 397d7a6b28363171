package dev.slipway.environment;

import static dev.slipway.environment.DeployWorld.APP;
import static dev.slipway.environment.DeployWorld.LAUNCH;
import static dev.slipway.environment.DeployWorld.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.environment.local.LocalTarget;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up sweep over what the local target really has on disk: only deployments that run or are being deployed
 * keep their directory; those of retired, failed or unknown deployments go (digest files with them), logs stay.
 */
class LeftoverDeploymentsTest {
    @TempDir
    Path root;
    private final DeployWorld world = new DeployWorld();

    LeftoverDeploymentsTest() throws Exception {
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    @Test
    void onlyDeploymentsThatRunOrAreBeingDeployedKeepTheirFiles() throws Exception {
        Deployment retired = world.push("staging", 1);
        Deployment live = world.push("staging", 2);
        Deployment deploying = recorded(3, DeploymentState.DEPLOYING);
        Deployment failed = recorded(4, DeploymentState.FAILED);
        Path staging = root.resolve(APP).resolve("staging");
        for (long id : new long[] {retired.id(), live.id(), deploying.id(), failed.id(), 99}) {
            Files.writeString(Files.createDirectories(staging.resolve("deployment-" + id)).resolve("app.jar"), "x");
            Files.writeString(staging.resolve("deployment-" + id + ".digest"), "sha256:…");
            Files.writeString(staging.resolve("deployment-" + id + ".log"), "its output");
        }
        LocalTarget target = new LocalTarget(root, new ArtifactStore(root.resolve("artifacts")),
                new PortAllocator(InetAddress.getLoopbackAddress()), TestSandbox.hiding());

        new LeftoverDeployments(world.deployments, target).sweep();

        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "deployment-" + live.id(), "deployment-" + live.id() + ".digest",
                    "deployment-" + deploying.id(), "deployment-" + deploying.id() + ".digest",
                    "deployment-" + retired.id() + ".log", "deployment-" + live.id() + ".log",
                    "deployment-" + deploying.id() + ".log", "deployment-" + failed.id() + ".log", "deployment-99.log");
        }
        assertThat(target.inPlace()).containsExactlyInAnyOrder(
                new DeployTarget.InPlace(APP, "staging", live.id()), new DeployTarget.InPlace(APP, "staging", deploying.id()));
    }

    private Deployment recorded(int n, DeploymentState state) {
        Deployment d = world.ledger.create(new NewDeployment(APP, "staging", version(n), Integer.toString(n).repeat(40),
                n, DeploymentTrigger.PUSH, "alice", LAUNCH, Instant.now()));
        world.ledger.move(d, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null);
        if (state != DeploymentState.DEPLOYING) {
            world.ledger.move(d, DeploymentState.DEPLOYING, state, "for the test");
        }
        return world.reload(d);
    }
}
