package dev.slipway.git;

import dev.slipway.environment.BranchDeployments;
import dev.slipway.environment.Teardowns;
import dev.slipway.pipeline.Pushes;
import dev.slipway.promotion.EnvPushes;
import dev.slipway.promotion.TagPushes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a moved ref means, whoever moved it: a push to Slipway's own remote or a change fetched from a followed
 * repository. A branch moved is a run (and its dev environment), a branch deleted is a teardown, a tag is a
 * promotion; each answers with the lines to tell whoever moved it.
 */
public final class RefEvents {
    private final Pushes pushes;
    private final BranchDeployments branchDeployments;
    private final Teardowns teardowns;
    private final PromotionRefs promotionRefs;
    private final String serverUrl;

    public RefEvents(Pushes pushes, BranchDeployments branchDeployments, Teardowns teardowns, TagPushes tagPushes,
                     EnvPushes envPushes, String serverUrl) {
        this.pushes = pushes;
        this.branchDeployments = branchDeployments;
        this.teardowns = teardowns;
        this.promotionRefs = new PromotionRefs(tagPushes, envPushes);
        this.serverUrl = serverUrl;
    }

    /** The branch is at {@code commit} now ({@code oldId}: where it was, null when new): its run. */
    List<String> branchMoved(String app, String branch, String oldId, String commit, String pusher) {
        Pushes.Report report = pushes.branchPushed(app, branch, oldId, commit, pusher);
        List<String> lines = new ArrayList<>(report.messages());
        report.spec().ifPresent(spec -> lines.addAll(branchDeployments.refusals(report.run(), spec)));
        lines.add("  " + serverUrl + "/api/v1/apps/" + app + "/runs/" + report.run().number());
        return lines;
    }

    /** Whoever could delete the branch holds developer: enough to delete its environments. */
    List<String> branchDeleted(String app, String branch, String actor) {
        return teardowns.branchDeleted(actor, app, branch);
    }

    PromotionRefs.Outcome tagPushed(String app, String tag, String commit, String pusher) {
        return promotionRefs.tagPushed(app, tag, commit, pusher);
    }

    PromotionRefs.Outcome envPushed(String app, String environment, String commit, String pusher) {
        return promotionRefs.envPushed(app, environment, commit, pusher);
    }
}
