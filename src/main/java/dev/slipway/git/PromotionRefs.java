package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployment;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineException;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.SourceRepository;
import dev.slipway.promotion.GateStatus;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.PromotionRequest;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.Rollbacks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Promotion by git push (PRODUCT.md §1.5). Before any ref moves: a tag promotes the artifact of its commit to every
 * environment whose `tags` match it; a push to `env/<ENV>` promotes that commit's artifact to ENV, or — when that
 * artifact was live there before — rolls ENV back to it. A refusal (no artifact, never succeeded in `from`, role)
 * rejects the ref with the reason, so the ref only ever names what Slipway accepted.
 */
final class PromotionRefs {
    static final String ENV_PREFIX = "refs/heads/env/";
    static final String TAG_PREFIX = "refs/tags/";

    /** What to tell the pusher, and whether the ref may move. */
    record Outcome(boolean accepted, List<String> lines) {
        static Outcome refused(String... lines) {
            return new Outcome(false, List.of(lines));
        }
    }

    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final RunRepository runs;
    private final SourceRepository source;

    PromotionRefs(Promotions promotions, Rollbacks rollbacks, RunRepository runs, SourceRepository source) {
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.runs = runs;
        this.source = source;
    }

    static boolean handles(String ref) {
        return ref.startsWith(ENV_PREFIX) || ref.startsWith(TAG_PREFIX);
    }

    Outcome tagPushed(String app, String tag, String commit, String pusher) {
        List<EnvironmentSpec> targets;
        try {
            targets = source.readFile(app, commit, PipelineParser.FILE)
                    .map(bytes -> parse(new String(bytes, StandardCharsets.UTF_8)))
                    .map(spec -> spec.environmentsForTag(tag)).orElse(List.of());
        } catch (IllegalStateException e) {
            return Outcome.refused("tag " + tag + " refused: " + e.getMessage());
        }
        if (targets.isEmpty()) {
            return new Outcome(true, List.of("tag " + tag + ": no environment takes tags like it; nothing to promote"));
        }
        Principal who = new Principal(pusher);
        List<PromotionRequest> requests = targets.stream()
                .map(env -> PromotionRequest.ofCommit(app, env.name(), commit, PromotionSource.TAG, who)).toList();
        List<String> refusals = new ArrayList<>();
        for (PromotionRequest request : requests) {
            promotions.check(request).forEach(reason -> refusals.add("tag " + tag + " refused for " + request.environment()
                    + ": " + reason));
        }
        if (!refusals.isEmpty()) {
            refusals.add("the tag was not stored; nothing was promoted");
            return new Outcome(false, refusals);
        }
        List<String> lines = new ArrayList<>();
        for (PromotionRequest request : requests) {
            lines.addAll(describe(promotions.request(request)));
        }
        return new Outcome(true, lines);
    }

    Outcome envPushed(String app, String environment, String commit, String pusher) {
        Principal who = new Principal(pusher);
        Optional<Digest> digest = artifactOf(app, commit);
        if (digest.isPresent()) {
            Optional<Deployment> earlier = rollbacks.rollbackTarget(app, environment, digest.get());
            if (earlier.isPresent()) {
                try {
                    Deployment d = rollbacks.rollback(who, app, environment, Optional.of(earlier.get().id()));
                    return new Outcome(true, List.of("rollback of " + environment + " to " + digest.get() + " (as deployment #"
                            + earlier.get().id() + "): deployment #" + d.id() + " queued",
                            "follow it: slipway history " + app + " " + environment));
                } catch (Problem e) {
                    return Outcome.refused("push to env/" + environment + " refused: " + e.getMessage());
                }
            }
        }
        try {
            return new Outcome(true, describe(promotions.request(
                    PromotionRequest.ofCommit(app, environment, commit, PromotionSource.PUSH, who))));
        } catch (Problem e) {
            return Outcome.refused("push to env/" + environment + " refused: " + e.getMessage(),
                    "the ref did not move; nothing was deployed");
        }
    }

    private Optional<Digest> artifactOf(String app, String commit) {
        return runs.ofCommit(app, commit, 20).stream()
                .filter(r -> r.state() == RunState.SUCCEEDED && r.artifact() != null)
                .map(Run::artifact).findFirst();
    }

    static List<String> describe(PromotionDetail detail) {
        var p = detail.promotion();
        List<String> lines = new ArrayList<>();
        lines.add(p.label() + " (" + p.digest().toString().substring(0, 19) + "…, commit " + p.commit().substring(0, 7)
                + "): " + p.state());
        for (GateStatus gate : detail.gates()) {
            if (!gate.passed()) {
                lines.add("  waits: " + gate.detail());
            }
        }
        lines.add("see it: slipway promotion show " + p.app() + " " + p.id());
        return lines;
    }

    private static dev.slipway.pipeline.PipelineSpec parse(String text) {
        try {
            return new PipelineParser().parse(text);
        } catch (PipelineException e) {
            throw new IllegalStateException("the pipeline file at this commit is invalid: " + e.getMessage());
        }
    }
}
