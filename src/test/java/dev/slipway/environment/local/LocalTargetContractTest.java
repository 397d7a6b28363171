package dev.slipway.environment.local;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.DeployTargetContract;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The local target, real processes in the sandbox, against the port's contract. */
class LocalTargetContractTest extends DeployTargetContract {
    /** A web server in perl-base alone: 200 to any request. */
    private static final String SERVE = """
            use IO::Socket::INET;
            my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ENV{PORT}, Listen => 5,
                ReuseAddr => 1) or die "cannot listen: $!";
            while (my $client = $server->accept) {
                my $request = <$client>;
                print $client "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok";
                close $client;
            }
            """;

    @TempDir
    Path root;
    private LocalTarget target;
    private Digest artifact;
    private Digest other;

    @BeforeEach
    void twoArtifacts() throws Exception {
        Path one = Files.createDirectories(root.resolve("one"));
        Files.writeString(one.resolve("serve.pl"), SERVE);
        Path two = Files.createDirectories(root.resolve("two"));
        Files.writeString(two.resolve("serve.pl"), SERVE + "# v2\n");
        ArtifactStore artifacts = new ArtifactStore(root.resolve("data/artifacts"));
        artifact = artifacts.store(one, List.of("serve.pl")).digest();
        other = artifacts.store(two, List.of("serve.pl")).digest();
        target = newTarget();
    }

    private LocalTarget newTarget() {
        return new LocalTarget(root.resolve("data/environments"), new ArtifactStore(root.resolve("data/artifacts")),
                new PortAllocator(InetAddress.getLoopbackAddress()), TestSandbox.hiding(root.resolve("data/artifacts")));
    }

    @Override
    protected DeployTarget target() {
        return target;
    }

    @Override
    protected DeployTarget nextServersTarget() {
        return newTarget();
    }

    @Override
    protected Digest artifact() {
        return artifact;
    }

    @Override
    protected Digest otherArtifact() {
        return other;
    }

    @Override
    protected Launch launch() {
        return new Launch("exec perl serve.pl", "/healthz", Duration.ofSeconds(30), Map.of());
    }

    @Override
    protected DeployTarget.Start neverHealthy(long deployment) {
        return new DeployTarget.Start("app", "staging", deployment, artifact,
                new Launch("echo starting; exit 3", "/healthz", Duration.ofSeconds(30), Map.of()), Map.of(), Set.of(),
                line -> { });
    }
}
