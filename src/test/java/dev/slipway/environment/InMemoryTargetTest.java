package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The in-memory target the deployer's tests use passes the same contract as the local one. */
class InMemoryTargetTest extends DeployTargetContract {
    private static final Digest BROKEN = Digest.ofBytes("broken".getBytes());
    private final InMemoryTarget target = new InMemoryTarget().failing(BROKEN);

    @Override
    protected DeployTarget target() {
        return target;
    }

    @Override
    protected DeployTarget nextServersTarget() {
        return target.restarted();
    }

    @Override
    protected Digest artifact() {
        return Digest.ofBytes("v1".getBytes());
    }

    @Override
    protected Digest otherArtifact() {
        return Digest.ofBytes("v2".getBytes());
    }

    @Override
    protected Launch launch() {
        return new Launch("./serve", "/healthz", Duration.ofSeconds(5), Map.of());
    }

    @Override
    protected DeployTarget.Start neverHealthy(long deployment) {
        return new DeployTarget.Start("app", "staging", deployment, BROKEN, launch(), Map.of(), Set.of(), line -> { });
    }
}
