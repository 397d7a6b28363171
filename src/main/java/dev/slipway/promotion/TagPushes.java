package dev.slipway.promotion;

import dev.slipway.auth.Principal;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFile;
import dev.slipway.pipeline.PipelineFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * A tag pushed at a commit (PRODUCT.md §1.5): it promotes that commit's artifact to every environment whose
 * {@code tags} match it, as the pipeline file at that commit says — to all of them or to none, so that a stored tag
 * always names what Slipway accepted. The git edge only says what was pushed and tells the pusher the {@link Answer}.
 */
public final class TagPushes {
    private final Promotions promotions;
    private final PipelineFiles files;

    /** What the push did; {@link Answer.InvalidFile} and {@link Answer.Refused} mean the tag must not be stored. */
    public sealed interface Answer {
        record InvalidFile(String problem) implements Answer {}

        /** No environment takes tags like it: the tag is stored, nothing is promoted. */
        record NoEnvironment() implements Answer {}

        /** Every environment's reasons, checked before anything was requested: nothing was promoted. */
        record Refused(List<Refusal> refusals) implements Answer {}

        /** One promotion per environment that takes the tag, in the file's order. */
        record Promoted(List<PromotionDetail> promotions) implements Answer {}
    }

    public record Refusal(String environment, String reason) {}

    public TagPushes(Promotions promotions, PipelineFiles files) {
        this.promotions = promotions;
        this.files = files;
    }

    public Answer pushed(Principal who, String app, String tag, String commit) {
        PipelineFile file = files.at(app, commit);
        if (file.problem().isPresent()) {
            return new Answer.InvalidFile(file.problem().get());
        }
        List<EnvironmentSpec> targets = file.spec().map(spec -> spec.environmentsForTag(tag)).orElse(List.of());
        if (targets.isEmpty()) {
            return new Answer.NoEnvironment();
        }
        List<PromotionRequest> requests = targets.stream()
                .map(env -> PromotionRequest.ofTag(app, env.name(), commit, tag, who)).toList();
        List<Refusal> refusals = new ArrayList<>();
        for (PromotionRequest request : requests) {
            promotions.check(request).forEach(reason -> refusals.add(new Refusal(request.environment(), reason)));
        }
        if (!refusals.isEmpty()) {
            return new Answer.Refused(refusals);
        }
        List<PromotionDetail> promoted = new ArrayList<>();
        for (PromotionRequest request : requests) {
            promoted.add(promotions.request(request));
        }
        return new Answer.Promoted(promoted);
    }
}
