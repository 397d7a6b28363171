package dev.slipway.artifact;

import java.util.Optional;

/**
 * Whether a digest carries valid provenance from this server: its envelope verifies with one of the server's keys,
 * its subject is the digest and its builder this server. {@code problem} says why not; {@code statement} is what
 * the envelope says, when it could be read.
 */
public record ProvenanceCheck(Optional<String> problem, Optional<ProvenanceStatement.Parsed> statement) {
    public boolean ok() {
        return problem.isEmpty();
    }

    static ProvenanceCheck refused(String problem, ProvenanceStatement.Parsed statement) {
        return new ProvenanceCheck(Optional.of(problem), Optional.ofNullable(statement));
    }
}
