package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditLogTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final String TOKEN = "slw_3f2a1b2c3d4e.Q2hhbmdlIG1lIGJlZm9yZSB1c2luZyB0aGlzIGluIHByb2Q";

    private final Recorded repository = new Recorded();
    private final AuditLog log = new AuditLog(repository, Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void recordsWithTheClocksTime() {
        log.record("alice", "app.created", "hello", "app hello", null, "created");
        assertThat(repository.appended).containsExactly(
                new NewAuditEntry(T0, "alice", "app.created", "hello", "app hello", null, "created"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void refusesAWholeTokenInAnyField(int field) {
        String[] values = {"alice", "token.created", "hello", "token 3f2a1b2c3d4e", null, "active"};
        values[field] = "see " + TOKEN + " here";
        assertThatThrownBy(() -> log.record(values[0], values[1], values[2], values[3], values[4], values[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("looks like an API token")
                .hasMessageNotContaining("slw_3f2a");
        assertThat(repository.appended).isEmpty();
    }

    @Test
    void allowsATokensPublicId() {
        log.record("alice", "token.revoked", null, "token slw_3f2a1b2c3d4e", "active", "revoked");
        assertThat(repository.appended).hasSize(1);
    }

    @Test
    void refusesAnEntryWithoutActorActionOrSubject() {
        assertThatThrownBy(() -> log.record(null, "app.created", "hello", "app hello", null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> log.list(null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Only what AuditLog hands over; the chain itself is tested against real databases in the store suites. */
    private static final class Recorded implements AuditRepository {
        final List<NewAuditEntry> appended = new ArrayList<>();

        @Override
        public void append(NewAuditEntry entry) {
            appended.add(entry);
        }

        @Override
        public List<AuditEntry> list(String app, long beforeSeq, int limit) {
            return List.of();
        }

        @Override
        public List<AuditEntry> after(long seq, int limit) {
            return List.of();
        }

        @Override
        public Optional<AuditHead> forEachInOrder(Consumer<AuditEntry> visitor) {
            return Optional.of(new AuditHead(0, AuditChain.GENESIS));
        }
    }
}
