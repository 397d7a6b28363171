package dev.slipway.git;

import dev.slipway.auth.Principal;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFile;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.promotion.EnvPushes;
import dev.slipway.promotion.GateStatus;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.PromotionRequest;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.Promotions;
import java.util.ArrayList;
import java.util.List;

/**
 * Promotion by git push (PRODUCT.md §1.5). Before any ref moves: a tag promotes the artifact of its commit to every
 * environment whose `tags` match it; a push to `env/<ENV>` is {@link EnvPushes}' to decide (promotion or rollback),
 * and told here as remote: lines. A refusal (no artifact, never succeeded in `from`, role) rejects the ref with the
 * reason, so the ref only ever names what Slipway accepted.
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
    private final EnvPushes envPushes;
    private final PipelineFiles files;

    PromotionRefs(Promotions promotions, EnvPushes envPushes, PipelineFiles files) {
        this.promotions = promotions;
        this.envPushes = envPushes;
        this.files = files;
    }

    static boolean handles(String ref) {
        return ref.startsWith(ENV_PREFIX) || ref.startsWith(TAG_PREFIX);
    }

    Outcome tagPushed(String app, String tag, String commit, String pusher) {
        PipelineFile file = files.at(app, commit);
        if (file.problem().isPresent()) {
            return Outcome.refused("tag " + tag + " refused: the pipeline file at this commit is invalid: "
                    + file.problem().get());
        }
        List<EnvironmentSpec> targets = file.spec().map(spec -> spec.environmentsForTag(tag)).orElse(List.of());
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
        EnvPushes.Answer answer = envPushes.pushed(new Principal(pusher), app, environment, commit);
        if (answer instanceof EnvPushes.Answer.RolledBack r) {
            return new Outcome(true, List.of("rollback of " + environment + " to " + r.digest() + " (as deployment #"
                    + r.earlier().id() + "): deployment #" + r.queued().id() + " queued",
                    "follow it: slipway history " + app + " " + environment));
        }
        if (answer instanceof EnvPushes.Answer.RollbackRefused r) {
            return Outcome.refused("push to env/" + environment + " refused: " + r.reason());
        }
        if (answer instanceof EnvPushes.Answer.Promoted p) {
            return new Outcome(true, describe(p.promotion()));
        }
        EnvPushes.Answer.PromotionRefused refused = (EnvPushes.Answer.PromotionRefused) answer;
        return Outcome.refused("push to env/" + environment + " refused: " + refused.reason(),
                "the ref did not move; nothing was deployed");
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
}
