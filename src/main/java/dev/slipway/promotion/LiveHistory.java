package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.LiveSpan;
import dev.slipway.environment.DeploymentRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where an artifact has been live. A pipeline file names environments by their spec name ("staging", "dev"); an
 * ephemeral one has an instance per branch, so every instance of that name counts.
 */
final class LiveHistory {
    /** Deployments of a digest that went live in an instance of a spec name, newest first. */
    @FunctionalInterface
    private interface Source {
        List<LiveSpan> wentLive(String app, String specName, Digest digest);
    }

    private final Source source;

    /** Asks the repository each time. */
    LiveHistory(DeploymentRepository deployments) {
        this(deployments::wentLive);
    }

    private LiveHistory(Source source) {
        this.source = source;
    }

    /**
     * The history of every artifact a pending promotion carries, read at once (the overview evaluates the gates of
     * every pending promotion of every app); asked about any other artifact it knows of no deployment.
     */
    static LiveHistory ofPending(DeploymentRepository deployments) {
        Map<String, List<LiveSpan>> byKey = deployments.wentLiveOfPending().stream()
                .collect(Collectors.groupingBy(s -> key(s.span().app(), s.specName(), s.digest()),
                        Collectors.mapping(DeploymentRepository.InSpec::span, Collectors.toList())));
        return new LiveHistory((app, specName, digest) -> byKey.getOrDefault(key(app, specName, digest), List.of()));
    }

    private static String key(String app, String specName, Digest digest) {
        return app + '\n' + specName + '\n' + digest;
    }

    /** Deployments of {@code digest} that went live in an instance of {@code specName}, most recently live first. */
    List<LiveSpan> of(String app, String specName, Digest digest) {
        return source.wentLive(app, specName, digest).stream()
                .sorted(Comparator.comparing((LiveSpan d) -> d.liveSince().orElse(Instant.EPOCH)).reversed())
                .toList();
    }
}
