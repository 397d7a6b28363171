package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Pins the hash format: every log ever written depends on it, so it must never change silently. */
class AuditChainTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    // Computed independently with the Python snippet in AuditChain's class comment.
    static final String FIRST = "081ce49012bbc0149dd69ec61ef6ea4a7f2dd7ffaaf274553abf1773b5959c39";
    static final String SECOND = "431ecaf82f280e08b5aacb6b8baedb1a9e179e14fa1b2277652028c80b3282ff";

    @Test
    void knownEntriesHaveKnownHashes() {
        AuditEntry first = AuditChain.link(1, AuditChain.GENESIS,
                new NewAuditEntry(T0, "alice", "app.created", "hello", "app hello", null, "créé"));
        AuditEntry second = AuditChain.link(2, first.hash(),
                new NewAuditEntry(T0.plusSeconds(1), "slipway", "run.finished", null, "run #1", "", "SUCCEEDED"));
        assertThat(first.hash()).isEqualTo(FIRST);
        assertThat(first.prevHash()).isEqualTo("0".repeat(64));
        assertThat(second.hash()).isEqualTo(SECOND);
        assertThat(second.prevHash()).isEqualTo(FIRST);
        assertThat(AuditChain.hashOf(second)).isEqualTo(SECOND);
    }

    @Test
    void linkKeepsOnlyTheMillisecondsThatAreStored() {
        AuditEntry entry = AuditChain.link(1, AuditChain.GENESIS,
                new NewAuditEntry(T0.plusNanos(456_789), "alice", "app.created", "hello", "app hello", null, "créé"));
        assertThat(entry.at()).isEqualTo(T0);
        assertThat(entry.hash()).isEqualTo(FIRST);
    }

    @Test
    void nullAndEmptyAreDifferent() {
        assertThat(hash("a", "b", null)).isNotEqualTo(hash("a", "b", ""));
    }

    @Test
    void fieldBoundariesCannotShift() {
        assertThat(hash("ab", "c", null)).isNotEqualTo(hash("a", "bc", null));
        assertThat(hash("a\n1:b", "", null)).isNotEqualTo(hash("a", "b", ""));
        assertThat(hash("-", "x", null)).isNotEqualTo(hash(null, "x", null));
    }

    @Test
    void everyFieldAndThePreviousHashCount() {
        String base = AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "b", "c", "d", "e", "f");
        assertThat(java.util.List.of(
                AuditChain.hash("1".repeat(64), 1, T0, "a", "b", "c", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 2, T0, "a", "b", "c", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0.plusMillis(1), "a", "b", "c", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "A", "b", "c", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "B", "c", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "b", "C", "d", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "b", "c", "D", "e", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "b", "c", "d", "E", "f"),
                AuditChain.hash(AuditChain.GENESIS, 1, T0, "a", "b", "c", "d", "e", "F")))
                .doesNotContain(base).doesNotHaveDuplicates();
        assertThat(base).matches("[0-9a-f]{64}");
    }

    private static String hash(String app, String subject, String before) {
        return AuditChain.hash(AuditChain.GENESIS, 1, T0, "alice", "x", app, subject, before, null);
    }
}
