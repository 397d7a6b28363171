package dev.slipway.artifact;

import dev.slipway.signing.DsseEnvelope;
import dev.slipway.signing.SigningKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed build provenance: made for every artifact a run builds, in the transaction that moves that run to
 * SUCCEEDED (so a succeeded run's artifact always has it; an artifact reused by a later run keeps the provenance
 * of the run that built it), and checked by whoever must trust a digest (promotion's {@code require: [provenance]},
 * {@code slipway provenance verify}).
 */
public final class Provenances {
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    /** The envelope's own media type: the layer of an image's provenance referrer (whose artifactType is in-toto). */
    public static final String ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

    private final ProvenanceRepository repository;
    private final SigningKeys keys;
    private final SourceLocations sources;
    private final String publicUrl;
    private final List<String> builderIds;

    /** {@code earlierBuilderIds}: the builder ids this server signed as under earlier public URLs (see {@link #builderIds}). */
    public Provenances(ProvenanceRepository repository, SigningKeys keys, SourceLocations sources, String publicUrl,
                       List<String> earlierBuilderIds) {
        this.repository = repository;
        this.keys = keys;
        this.sources = sources;
        this.publicUrl = publicUrl;
        List<String> ids = new ArrayList<>();
        ids.add(ProvenanceStatement.builderId(publicUrl));
        earlierBuilderIds.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        this.builderIds = List.copyOf(ids);
    }

    /** The source repository provenance names for {@code app}. */
    public String repository(String app) {
        return sources.repository(app);
    }

    /** This server's builder id (see {@link ProvenanceStatement#builderId}). */
    public String builderId() {
        return builderIds.get(0);
    }

    /**
     * Every builder id this server's provenance may name, current first: an earlier {@code --public-url} gave an
     * earlier id, and what was signed then is still this server's.
     */
    public List<String> builderIds() {
        return builderIds;
    }

    /** Signs the statement of {@code facts} (see {@link #sign}) and records it; call inside the run's transaction. */
    public DsseEnvelope record(BuildFacts facts, Clock clock) {
        DsseEnvelope envelope = sign(facts);
        keep(facts, envelope, clock);
        return envelope;
    }

    private void keep(BuildFacts facts, DsseEnvelope envelope, Clock clock) {
        keep(new SignedProvenance(facts, envelope.signatures().get(0).keyid(), envelope.toJson()), clock);
    }

    /** Signed, not yet recorded: to attach it to the image first, then {@link #keep} it in the run's transaction. */
    public SignedProvenance signed(BuildFacts facts) {
        DsseEnvelope envelope = sign(facts);
        return new SignedProvenance(facts, envelope.signatures().get(0).keyid(), envelope.toJson());
    }

    public void keep(SignedProvenance signed, Clock clock) {
        BuildFacts facts = signed.facts();
        repository.record(facts.app(), facts.digest(), facts.run(), signed.keyId(), signed.envelopeJson(),
                clock.instant());
    }

    /** The statement of {@code facts}, in a DSSE envelope signed with the current key. */
    public DsseEnvelope sign(BuildFacts facts) {
        return DsseEnvelope.sign(keys.current(), PAYLOAD_TYPE, ProvenanceStatement.of(facts, publicUrl));
    }

    public Optional<DsseEnvelope> envelope(String app, Digest digest) {
        return repository.find(app, digest).flatMap(DsseEnvelope::parse);
    }

    /** Whether {@code digest} carries valid provenance of this server, and why not. */
    public ProvenanceCheck check(String app, Digest digest) {
        Optional<String> json = repository.find(app, digest);
        if (json.isEmpty()) {
            return ProvenanceCheck.refused(none(digest), null);
        }
        return check(DsseEnvelope.parse(json.get()).orElse(null), digest, keys, builderIds);
    }

    /** The checks of {@link #check(String, Digest)} on an envelope from anywhere (the CLI uses them too). */
    public static ProvenanceCheck check(DsseEnvelope envelope, Digest digest, SigningKeys keys,
                                        List<String> builderIds) {
        if (envelope == null) {
            return ProvenanceCheck.refused("the provenance of " + digest + " is no DSSE envelope", null);
        }
        if (!PAYLOAD_TYPE.equals(envelope.payloadType())) {
            return ProvenanceCheck.refused("the provenance of " + digest + " has payload type "
                    + envelope.payloadType() + ", not " + PAYLOAD_TYPE, null);
        }
        Optional<String> signature = envelope.problem(keys);
        if (signature.isPresent()) {
            return ProvenanceCheck.refused("provenance signature does not verify: " + signature.get(), null);
        }
        ProvenanceStatement.Parsed statement = envelope.body().flatMap(ProvenanceStatement::parse).orElse(null);
        if (statement == null) {
            return ProvenanceCheck.refused("the provenance of " + digest + " is no in-toto statement with a SLSA v1 "
                    + "predicate", null);
        }
        if (!statement.subjects().contains(digest.toString())) {
            return ProvenanceCheck.refused("the provenance is about " + String.join(", ", statement.subjects())
                    + ", not " + digest, statement);
        }
        if (!builderIds.contains(statement.builderId())) {
            return ProvenanceCheck.refused("the provenance of " + digest + " names builder " + statement.builderId()
                    + ", not this server (" + String.join(", ", builderIds) + ")", statement);
        }
        return new ProvenanceCheck(Optional.empty(), Optional.of(statement));
    }

    /** Why a digest without provenance has none. */
    public static String none(Digest digest) {
        return digest + " has no provenance: it was not built by Slipway (pushed to the registry? a digest pushed "
                + "to the registry by a client has no provenance)";
    }
}
