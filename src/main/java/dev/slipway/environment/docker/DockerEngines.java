package dev.slipway.environment.docker;

import dev.slipway.target.docker.TargetEngine;
import dev.slipway.environment.ConnectedEngines;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.TargetEngines;
import dev.slipway.target.Target;
import dev.slipway.target.TargetKind;
import dev.slipway.target.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * One {@link DockerTarget} per registered Docker target, connected at first use and kept while the target's endpoint
 * and TLS stay the same (a changed or removed target's client is closed). Each engine pulls with its own credential
 * ({@code pulls}: the target's pull token for Slipway's registry at its public address). Deployments' logs and
 * directories go under {@code root}, the same layout as the local target's, so they are read the same way.
 */
public final class DockerEngines implements TargetEngines, AutoCloseable {
    private final Targets targets;
    private final Function<String, PullCredential> pulls;
    private final Path keysRoot;
    private final PortAllocator ports;
    private final Path root;
    private final ConnectedEngines<DockerTarget> connected = new ConnectedEngines<>();

    /**
     * {@code keysRoot}: where a TLS target's client files are written while its client is open (a private directory
     * per target, removed when it closes).
     */
    public DockerEngines(Targets targets, Function<String, PullCredential> pulls, Path keysRoot, PortAllocator ports,
                         Path root) {
        this.targets = targets;
        this.pulls = pulls;
        this.keysRoot = keysRoot;
        this.ports = ports;
        this.root = root;
    }

    @Override
    public synchronized DeployTarget engine(Target target) {
        if (target.kind() != TargetKind.DOCKER) {
            // the fleet reports this as the target's failure ("cannot connect: …"); the reconciler logs it and goes on
            throw new IllegalArgumentException("target " + target.name() + " is a " + target.kind().text() + " target ("
                    + target.endpoint() + "), not a Docker engine: this server does not deploy to it yet");
        }
        String key = target.endpoint() + "|" + target.tls().map(t -> t.certPem() + t.caPem()).orElse("");
        return connected.get(target.name(), key, () -> {
            TargetEngine engine = TargetEngine.open(targets.connection(target.name()), keysRoot);
            DockerTarget made = new DockerTarget(target.name(), engine.engine(), pulls.apply(target.name()), ports, root);
            return new ConnectedEngines.Opened<>(made, () -> {
                made.close();
                engine.close(); // its TLS files go with it
            });
        });
    }

    @Override
    public synchronized Map<String, DeployTarget> all() {
        List<Target> registered = targets.all().stream().filter(t -> t.kind() == TargetKind.DOCKER).toList();
        connected.keepOnly(registered.stream().map(Target::name).collect(Collectors.toSet()));
        Map<String, DeployTarget> all = new LinkedHashMap<>();
        registered.forEach(t -> all.put(t.name(), engine(t)));
        return all;
    }

    /** Stops copying containers' output and closes every client; the containers keep running. */
    @Override
    public void close() {
        connected.close();
    }
}
