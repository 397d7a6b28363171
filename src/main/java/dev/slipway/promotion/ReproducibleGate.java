package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Evidence;
import dev.slipway.pipeline.Rebuild;
import dev.slipway.pipeline.Rebuilds;
import java.util.List;
import java.util.Optional;

/**
 * {@code require: [reproducible]}: the promoted artifact's commit, built again from nothing, must give the same digest.
 * With no check recorded (or one a stop cut off and nobody is working on) the gate starts one and waits; when it
 * finishes, {@link PromotionEngine#rebuildFinished} asks again. DIFFERENT or FAILED keeps the promotion waiting, saying
 * which entries differ; a later rebuild that gives the same digest lets it through.
 */
final class ReproducibleGate implements Gate {
    static final String NAME = Evidence.REPRODUCIBLE.word();
    private static final int SHOWN = 10;

    private final Rebuilds rebuilds;

    ReproducibleGate(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** The differing entries, the first {@link #SHOWN} of them: the rest are in the rebuild's record. */
    private static String listed(Rebuild r) {
        List<String> differences = r.differences();
        String shown = String.join("; ", differences.subList(0, Math.min(SHOWN, differences.size())));
        return differences.size() <= SHOWN ? shown : shown + "; and " + (differences.size() - SHOWN) + " more (GET "
                + "/api/v1/apps/" + r.app() + "/rebuilds/" + r.id() + ")";
    }

    @Override
    public GateStatus evaluate(Promotion p, EnvironmentSpec target) {
        String commit = Elapsed.commit(p.commit());
        Optional<Rebuild> latest = rebuilds.latest(p.app(), p.commit(), p.digest());
        if (latest.isEmpty() || (!latest.get().outcome().isFinal() && !rebuilds.isActive(latest.get()))) {
            try {
                Rebuild started = rebuilds.start("slipway (" + target.name() + " requires reproducible)", p.app(),
                        p.commit(), p.digest());
                return GateStatus.waiting(NAME, "rebuilding commit " + commit + "… (rebuild #" + started.id()
                        + "): " + target.name() + " takes only artifacts whose commit builds to the same digest again");
            } catch (Problem e) {
                return GateStatus.waiting(NAME, "commit " + commit + " cannot be rebuilt: " + e.getMessage());
            }
        }
        Rebuild r = latest.get();
        String again = "; `slipway rebuild " + p.app() + " " + commit + "` checks again";
        return switch (r.outcome()) {
            case RUNNING -> GateStatus.waiting(NAME, "rebuilding commit " + commit + "… (rebuild #" + r.id() + ")");
            case SAME -> GateStatus.passed(NAME, "rebuild #" + r.id() + " of commit " + commit + " gave the same digest "
                    + r.artifact());
            case DIFFERENT -> GateStatus.waiting(NAME, "not reproducible: rebuild #" + r.id() + " of commit " + commit
                    + " gave " + r.rebuilt() + ", not " + r.artifact() + ": " + listed(r)
                    + " — make the build reproducible (README: Reproducible builds) and push again" + again);
            case FAILED -> GateStatus.waiting(NAME, "rebuild #" + r.id() + " of commit " + commit + " FAILED: "
                    + r.detail() + again);
        };
    }
}
