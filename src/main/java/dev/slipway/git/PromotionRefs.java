package dev.slipway.git;

import dev.slipway.auth.Principal;
import dev.slipway.promotion.EnvPushes;
import dev.slipway.promotion.GateStatus;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.TagPushes;
import java.util.ArrayList;
import java.util.List;

/**
 * Promotion by git push (PRODUCT.md §1.5). Before any ref moves: a tag is {@link TagPushes}' to promote, a push to
 * `env/<ENV>` is {@link EnvPushes}' to decide (promotion or rollback); their answers are told here as remote: lines.
 * A refusal (no artifact, never succeeded in `from`, role) rejects the ref with the reason, so the ref only ever
 * names what Slipway accepted; an accepted env/ push is then set by {@link EnvRefKeeper} from the records.
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

    private final TagPushes tagPushes;
    private final EnvPushes envPushes;

    PromotionRefs(TagPushes tagPushes, EnvPushes envPushes) {
        this.tagPushes = tagPushes;
        this.envPushes = envPushes;
    }

    static boolean handles(String ref) {
        return ref.startsWith(ENV_PREFIX) || ref.startsWith(TAG_PREFIX);
    }

    Outcome tagPushed(String app, String tag, String commit, String pusher) {
        TagPushes.Answer answer = tagPushes.pushed(new Principal(pusher), app, tag, commit);
        if (answer instanceof TagPushes.Answer.InvalidFile invalid) {
            return Outcome.refused("tag " + tag + " refused: the pipeline file at this commit is invalid: "
                    + invalid.problem());
        }
        if (answer instanceof TagPushes.Answer.NoEnvironment) {
            return new Outcome(true, List.of("tag " + tag + ": no environment takes tags like it; nothing to promote"));
        }
        if (answer instanceof TagPushes.Answer.Refused refused) {
            List<String> lines = new ArrayList<>();
            refused.refusals().forEach(r -> lines.add("tag " + tag + " refused for " + r.environment() + ": " + r.reason()));
            lines.add("the tag was not stored; nothing was promoted");
            return new Outcome(false, lines);
        }
        List<String> lines = new ArrayList<>();
        ((TagPushes.Answer.Promoted) answer).promotions().forEach(p -> lines.addAll(describe(p)));
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
