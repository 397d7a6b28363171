package dev.slipway.environment.docker;

import dev.slipway.target.docker.TargetEngine;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.TargetEngines;
import dev.slipway.target.Target;
import dev.slipway.target.TargetKind;
import dev.slipway.target.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, Connected> connected = new LinkedHashMap<>();

    private record Connected(String key, DockerTarget target, TargetEngine engine) {
        void close() {
            target.close();
            engine.close(); // its TLS files go with it
        }
    }

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
        Connected known = connected.get(target.name());
        if (known != null && known.key().equals(key)) {
            return known.target();
        }
        if (known != null) {
            known.close();
        }
        TargetEngine engine = TargetEngine.open(targets.connection(target.name()), keysRoot);
        DockerTarget made = new DockerTarget(target.name(), engine.engine(), pulls.apply(target.name()), ports, root);
        connected.put(target.name(), new Connected(key, made, engine));
        return made;
    }

    @Override
    public synchronized Map<String, DeployTarget> all() {
        Map<String, DeployTarget> all = new LinkedHashMap<>();
        Map<String, Target> registered = new LinkedHashMap<>();
        targets.all().stream().filter(t -> t.kind() == TargetKind.DOCKER).forEach(t -> registered.put(t.name(), t));
        for (String gone : connected.keySet().stream().filter(n -> !registered.containsKey(n)).toList()) {
            Optional.ofNullable(connected.remove(gone)).ifPresent(Connected::close);
        }
        registered.values().forEach(t -> all.put(t.name(), engine(t)));
        return all;
    }

    /** Stops copying containers' output and closes every client; the containers keep running. */
    @Override
    public synchronized void close() {
        connected.values().forEach(Connected::close);
        connected.clear();
    }
}
