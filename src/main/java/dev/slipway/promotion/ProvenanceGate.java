package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.artifact.ProvenanceCheck;
import dev.slipway.artifact.Provenances;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Evidence;
import dev.slipway.pipeline.PipelineSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code require: [provenance]}: the digest carries provenance signed by this server (current key or a retired
 * one), about that digest, built from a commit reachable from the branches that feed the environment — its own
 * {@code branches:}, or, for an environment fed by tags or {@code from:}, those of the first environment up its
 * {@code from:} chain that has branches. When no environment on the chain names branches, any branch of the app
 * will do (the commit must at least be on one: not a commit pushed only to a tag). Artifacts are reused by tree, so
 * the commit promoted may not be the one built: then both must have the same tree, or the provenance is not about
 * what is promoted.
 */
final class ProvenanceGate {
    static final String NAME = Evidence.PROVENANCE.word();

    private final Provenances provenances;
    private final CommitHistory history;

    ProvenanceGate(Provenances provenances, CommitHistory history) {
        this.provenances = provenances;
        this.history = history;
    }

    GateStatus evaluate(String app, Digest digest, String promoted, EnvironmentSpec target,
                        Optional<PipelineSpec> pipeline) {
        ProvenanceCheck check = provenances.check(app, digest);
        if (!check.ok()) {
            return GateStatus.waiting(NAME, check.problem().orElseThrow());
        }
        String commit = check.statement().orElseThrow().commit();
        if (promoted != null && !promoted.equals(commit)) {
            Optional<String> built = history.treeOf(app, commit);
            Optional<String> asked = history.treeOf(app, promoted);
            if (built.isEmpty() || !built.equals(asked)) {
                return GateStatus.waiting(NAME, "the provenance of " + Elapsed.digest(digest) + " is about commit "
                        + Elapsed.commit(commit) + ", whose tree is not that of the promoted commit "
                        + Elapsed.commit(promoted) + (asked.isEmpty() ? " (unknown to " + app + "'s repository)" : "")
                        + ": the artifact was not built from what is promoted");
            }
        }
        EnvironmentSpec feeding = feeding(target, pipeline);
        if (feeding == null) {
            List<String> any = history.branchesContaining(app, commit, branch -> true);
            return any.isEmpty()
                    ? GateStatus.waiting(NAME, "built from commit " + Elapsed.commit(commit) + ", which is on no "
                            + "branch of " + app + " (and no environment feeding " + target.name() + " names branches)")
                    : GateStatus.passed(NAME, signed(digest, commit) + ", on branch " + any.get(0));
        }
        List<String> on = history.branchesContaining(app, commit, feeding.branches()::matches);
        if (on.isEmpty()) {
            return GateStatus.waiting(NAME, "built from commit " + Elapsed.commit(commit) + ", which is not on "
                    + feeding.name() + "'s branches " + String.join(", ", feeding.branches().patterns())
                    + (feeding == target ? "" : " (which feed " + target.name() + ")"));
        }
        return GateStatus.passed(NAME, signed(digest, commit) + ", on " + feeding.name() + "'s branch " + on.get(0));
    }

    private static String signed(Digest digest, String commit) {
        return Elapsed.digest(digest) + " has this server's signed provenance, built from " + Elapsed.commit(commit);
    }

    /** The environment whose branches feed {@code target}: itself, or up its from: chain; null when none has any. */
    private static EnvironmentSpec feeding(EnvironmentSpec target, Optional<PipelineSpec> pipeline) {
        Set<String> seen = new HashSet<>();
        EnvironmentSpec env = target;
        while (env != null && seen.add(env.name())) {
            if (!env.branches().isEmpty()) {
                return env;
            }
            EnvironmentSpec at = env;
            env = at.from().flatMap(from -> pipeline.flatMap(p -> p.environment(from))).orElse(null);
        }
        return null;
    }
}
