package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.BuildFacts;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.ProvenanceCheck;
import dev.slipway.artifact.Provenances;
import dev.slipway.audit.AuditLog;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.RunState;
import dev.slipway.signing.DsseEnvelope;
import dev.slipway.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance over a real database: recorded once per (app, digest), checked (signature, subject, builder; a
 * digest without any named), still valid after the key rotates, and written in the transaction that moves the run
 * to SUCCEEDED — a signing failure leaves the run RUNNING and no provenance.
 */
abstract class ProvenanceContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String URL = "http://slipway.test:8080";
    /** The public URL this server had before (its provenance of then still checks). */
    static final String EARLIER = "http://old-name.test:8080";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path data;
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private SigningKeys keys;
    private SqlProvenanceRepository repository;
    private Provenances provenances;

    @BeforeEach
    void setUp() {
        keys = SigningKeys.loadOrCreate(data);
        repository = new SqlProvenanceRepository(db);
        provenances = new Provenances(repository, keys, app -> URL + "/git/" + app + ".git", URL,
                List.of(EARLIER + "/builder"));
        new SqlAppRepository(db).create(new App("shop", T0), () -> { });
    }

    private static BuildFacts facts(Digest digest, long run) {
        return new BuildFacts("shop", digest, URL + "/git/shop.git", "refs/heads/main", COMMIT, "sha256:" + "a".repeat(64),
                List.of("compile"), run, T0, T0.plusSeconds(5), List.of());
    }

    @Test
    void aRecordedEnvelopeChecksAndTheFirstRecordIsKept() {
        Digest digest = Digest.ofBytes("one".getBytes());
        DsseEnvelope first = provenances.record(facts(digest, 1), clock);
        provenances.record(facts(digest, 2), clock);
        assertThat(repository.find("shop", digest)).contains(first.toJson());
        assertThat(provenances.envelope("shop", digest)).contains(first);

        ProvenanceCheck check = provenances.check("shop", digest);
        assertThat(check.ok()).as(check.problem().toString()).isTrue();
        assertThat(check.statement().orElseThrow().commit()).isEqualTo(COMMIT);
        assertThat(check.statement().orElseThrow().builderId()).isEqualTo(URL + "/builder");
        assertThat(check.statement().orElseThrow().json().at("/predicate/runDetails/metadata/invocationId").asText())
                .isEqualTo(URL + "/api/v1/apps/shop/runs/1");
        assertThat(check.statement().orElseThrow().json().at("/predicate/runDetails/metadata/finishedOn").asText())
                .isEqualTo("2026-12-04T10:00:05Z");
        assertThat(check.statement().orElseThrow().json().at("/predicate/buildDefinition/externalParameters/pipelineFile/digest/sha256")
                .asText()).isEqualTo("a".repeat(64));
    }

    @Test
    void eachRefusalSaysWhy() {
        Digest none = Digest.ofBytes("pushed by a client".getBytes());
        assertThat(provenances.check("shop", none).problem()).contains(none + " has no provenance: it was not built by "
                + "Slipway (pushed to the registry? a digest pushed to the registry by a client has no provenance)");

        Digest tampered = Digest.ofBytes("tampered".getBytes());
        DsseEnvelope good = provenances.sign(facts(tampered, 1));
        byte[] body = Base64.getDecoder().decode(good.payload());
        String changed = new String(body, StandardCharsets.UTF_8).replace(COMMIT, "f" + COMMIT.substring(1));
        repository.record("shop", tampered, 1, "k", new DsseEnvelope(good.payloadType(),
                Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)), good.signatures()).toJson(), T0);
        assertThat(provenances.check("shop", tampered).problem()).hasValueSatisfying(p ->
                assertThat(p).startsWith("provenance signature does not verify"));

        Digest other = Digest.ofBytes("other".getBytes());
        Digest borrowed = Digest.ofBytes("borrowed".getBytes());
        repository.record("shop", borrowed, 1, "k", provenances.sign(facts(other, 1)).toJson(), T0);
        assertThat(provenances.check("shop", borrowed).problem()).contains("the provenance is about " + other
                + ", not " + borrowed);

        Digest elsewhere = Digest.ofBytes("elsewhere".getBytes());
        Provenances otherServer = new Provenances(repository, keys, app -> "x", "http://other:1", List.of());
        repository.record("shop", elsewhere, 1, "k", otherServer.sign(facts(elsewhere, 1)).toJson(), T0);
        assertThat(provenances.check("shop", elsewhere).problem()).contains("the provenance of " + elsewhere
                + " names builder http://other:1/builder, not this server (" + URL + "/builder, " + EARLIER
                + "/builder)");

        // signed by this server under its earlier public URL: still this server's
        Digest renamed = Digest.ofBytes("renamed".getBytes());
        Provenances before = new Provenances(repository, keys, app -> "x", EARLIER, List.of());
        repository.record("shop", renamed, 1, "k", before.sign(facts(renamed, 1)).toJson(), T0);
        assertThat(provenances.check("shop", renamed).ok()).isTrue();
        assertThat(provenances.builderIds()).containsExactly(URL + "/builder", EARLIER + "/builder");
    }

    @Test
    void provenanceSignedBeforeARotationStillChecksAndNewOnesUseTheNewKey() {
        Digest before = Digest.ofBytes("before".getBytes());
        provenances.record(facts(before, 1), clock);
        String old = keys.current().id();
        keys.rotate(T0);
        assertThat(provenances.check("shop", before).ok()).isTrue();
        Digest after = Digest.ofBytes("after".getBytes());
        DsseEnvelope fresh = provenances.record(facts(after, 2), clock);
        assertThat(fresh.signatures().get(0).keyid()).isEqualTo(keys.current().id()).isNotEqualTo(old);
        assertThat(provenances.check("shop", after).ok()).isTrue();
    }

    @Test
    void theRunSucceedsWithItsProvenanceOrNotAtAll() {
        SqlRunRepository runs = new SqlRunRepository(db);
        AuditLog audit = new AuditLog(new SqlAuditRepository(db), clock);
        RunLedger ledger = new RunLedger(runs, new SqlArtifactRepository(db), db, audit, clock, provenances, null);
        Run run = builtRun(runs, ledger, Digest.ofBytes("built".getBytes()));
        assertThat(ledger.move("slipway", "shop", run.number(), RunState.RUNNING, RunState.SUCCEEDED, null,
                List.of("compile"))).isTrue();
        ProvenanceCheck check = provenances.check("shop", run.artifact());
        assertThat(check.ok()).isTrue();
        assertThat(check.statement().orElseThrow().json().at("/predicate/buildDefinition/externalParameters/jobs/0")
                .asText()).isEqualTo("compile");

        // signing fails (here: the source location cannot be named): the move rolls back with it
        Provenances broken = new Provenances(repository, keys, app -> {
            throw new IllegalStateException("no source location");
        }, URL, List.of());
        RunLedger failing = new RunLedger(runs, new SqlArtifactRepository(db), db, audit, clock, broken, null);
        Run second = builtRun(runs, failing, Digest.ofBytes("second".getBytes()));
        assertThatThrownBy(() -> failing.move("slipway", "shop", second.number(), RunState.RUNNING, RunState.SUCCEEDED,
                null, List.of("compile"))).hasMessageContaining("no source location");
        assertThat(runs.find("shop", second.number()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        assertThat(repository.find("shop", second.artifact())).isEmpty();

        // a run that reuses an artifact adds no provenance of its own: the builder's stays
        Run reusing = runs.create(new NewRun("shop", "main", COMMIT, "tree", "sha256:" + "a".repeat(64), "alice", T0,
                List.of()));
        ledger.artifactReused(reusing, runs.find("shop", run.number()).orElseThrow());
        String before = repository.find("shop", run.artifact()).orElseThrow();
        assertThat(ledger.move("slipway", "shop", reusing.number(), RunState.QUEUED, RunState.SUCCEEDED, null)).isTrue();
        assertThat(repository.find("shop", run.artifact())).contains(before);
    }

    private Run builtRun(SqlRunRepository runs, RunLedger ledger, Digest digest) {
        Run run = runs.create(new NewRun("shop", "main", COMMIT, "tree", "sha256:" + "a".repeat(64), "alice", T0,
                List.of()));
        assertThat(ledger.move("slipway", "shop", run.number(), RunState.QUEUED, RunState.RUNNING, null)).isTrue();
        ledger.artifactStored(new Artifact("shop", digest, COMMIT, "tree", run.pipelineDigest(), run.number(), 3, T0));
        return runs.find("shop", run.number()).orElseThrow();
    }
}
