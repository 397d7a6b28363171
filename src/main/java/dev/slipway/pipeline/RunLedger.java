package dev.slipway.pipeline;

import dev.slipway.Transactions;
import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.ArtifactRepository;
import dev.slipway.artifact.BuildFacts;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.Provenances;
import dev.slipway.artifact.SignedProvenance;
import dev.slipway.audit.AuditLog;
import dev.slipway.image.ImageException;
import dev.slipway.image.Referrers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every state move of a run, stamped with its time and written to the audit log in the same transaction, so
 * the log can never say a run did something the database does not show (or the reverse).
 */
public final class RunLedger {
    /** The actor of what Slipway does by itself. */
    public static final String SLIPWAY = "slipway";

    private final RunRepository runs;
    private final ArtifactRepository artifacts;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    private final Provenances provenances;
    private final Referrers referrers;
    private final Map<String, BuildFacts.BaseImageDigest> bases = new ConcurrentHashMap<>();

    /** A ledger that records no provenance (tools and tests that do not sign). */
    public RunLedger(RunRepository runs, ArtifactRepository artifacts, Transactions transactions, AuditLog audit,
                     Clock clock) {
        this(runs, artifacts, transactions, audit, clock, null, null);
    }

    /**
     * {@code provenances}: the signed provenance of every artifact a run builds, recorded as the run succeeds;
     * {@code referrers}: where an image's is attached (null: not attached).
     */
    public RunLedger(RunRepository runs, ArtifactRepository artifacts, Transactions transactions, AuditLog audit,
                     Clock clock, Provenances provenances, Referrers referrers) {
        this.provenances = provenances;
        this.referrers = referrers;
        this.runs = runs;
        this.artifacts = artifacts;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records the pushed run (QUEUED) together with the push that asked for it. */
    public Run create(NewRun run, String ref, String oldId) {
        return transactions.inTransaction(() -> {
            Run created = runs.create(run);
            audit.record(run.pushedBy(), "push.received", run.app(), ref, oldId, run.commit());
            audit.record(run.pushedBy(), "run.queued", run.app(), "run #" + created.number(), null,
                    RunState.QUEUED + " " + run.branch() + " @ " + run.commit());
            return created;
        });
    }

    /** Compare-and-set move; audited only when it happened. */
    public boolean move(String actor, String app, long number, RunState from, RunState to, String error) {
        return move(actor, app, number, from, to, error, List.of());
    }

    /**
     * Compare-and-set move; audited only when it happened. A move to SUCCEEDED of a run that built its artifact (not
     * reused it) also records the artifact's signed provenance, naming {@code artifactJobs}, in the same
     * transaction: a succeeded run's artifact never lacks it, and a failure to sign leaves the run where it was. An
     * image's provenance is attached to it in the registry (an OCI referrer) before that transaction, so a crash
     * cannot leave a succeeded image without it either; attaching the same envelope again adds nothing.
     */
    public boolean move(String actor, String app, long number, RunState from, RunState to, String error,
                        List<String> artifactJobs) {
        Instant now = clock.instant();
        BuildFacts.BaseImageDigest base = to.isFinal() ? bases.remove(app + "#" + number) : null;
        SignedProvenance signed = to == RunState.SUCCEEDED && provenances != null
                ? runs.find(app, number).filter(r -> r.artifact() != null && r.reusedFrom() == null)
                        .map(r -> sign(r, artifactJobs, now, base)).orElse(null)
                : null;
        return transactions.inTransaction(() -> {
            boolean moved = runs.move(app, number, from, to, now, error);
            if (moved) {
                String verb = to == RunState.RUNNING ? "run.started" : to.isFinal() ? "run.finished" : "run.moved";
                audit.record(actor, verb, app, "run #" + number, from.name(),
                        error == null ? to.name() : to.name() + ": " + firstLine(error));
                if (signed != null) {
                    provenances.keep(signed, clock);
                    audit.record(SLIPWAY, "provenance.signed", app, signed.facts().digest().toString(), null,
                            "run #" + number + " @ " + signed.facts().commit() + ", key " + signed.keyId());
                }
            }
            return moved;
        });
    }

    private SignedProvenance sign(Run run, List<String> artifactJobs, Instant finished,
                                  BuildFacts.BaseImageDigest base) {
        BuildFacts facts = new BuildFacts(run.app(), run.artifact(), provenances.repository(run.app()),
                "refs/heads/" + run.branch(), run.commit(), run.pipelineDigest(), artifactJobs, run.number(),
                run.startedAt(), finished, base == null ? List.of() : List.of(base));
        SignedProvenance signed = provenances.signed(facts);
        if (referrers != null && referrers.isImage(run.app(), run.artifact())) {
            try {
                referrers.attach(run.app(), run.artifact(), Provenances.PAYLOAD_TYPE, Provenances.ENVELOPE_MEDIA_TYPE,
                        signed.envelopeJson().getBytes(StandardCharsets.UTF_8), Map.of("dev.slipway.run",
                                String.valueOf(run.number())));
            } catch (IOException | ImageException e) {
                throw new IllegalStateException("cannot attach the provenance of " + run.artifact() + " to its image: "
                        + e.getMessage(), e);
            }
        }
        return signed;
    }

    /**
     * The image a run built sits on {@code base} (resolved to a digest): named in its provenance when the run
     * succeeds. Kept in memory only: a run is never resumed after a restart, so none outlives it unfinished.
     */
    public void builtOn(String app, long run, String reference, Digest base) {
        bases.put(app + "#" + run, new BuildFacts.BaseImageDigest(reference, base));
    }

    /** The run's artifact is stored: its record, the run's pointer to it and the audit entry, together. */
    public void artifactStored(Artifact artifact) {
        transactions.run(() -> {
            artifacts.record(artifact);
            runs.setArtifact(artifact.app(), artifact.run(), artifact.digest(), null);
            audit.record(SLIPWAY, "artifact.stored", artifact.app(), artifact.digest().toString(), null,
                    "run #" + artifact.run() + " @ " + artifact.commit() + ", " + artifact.size() + " bytes");
        });
    }

    /** A run reuses the artifact an earlier run built from the same tree and pipeline file. */
    public void artifactReused(Run run, Run builtBy) {
        transactions.run(() -> {
            runs.setArtifact(run.app(), run.number(), builtBy.artifact(), builtBy.number());
            audit.record(SLIPWAY, "artifact.reused", run.app(), builtBy.artifact().toString(), null,
                    "run #" + run.number() + " reuses the artifact of run #" + builtBy.number());
        });
    }

    public Clock clock() {
        return clock;
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
