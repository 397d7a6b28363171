package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = Backoff.DEFAULT;

    @Test
    void doublesFromOneSecondUpToItsCap() {
        assertThat(java.util.stream.IntStream.range(0, 8).mapToObj(backoff::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(backoff.delay(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void forgivesEarlierRestartsOnceTheServiceStayedHealthyLongEnough() {
        Instant since = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(backoff.forgives(since, since.plusSeconds(59))).isFalse();
        assertThat(backoff.forgives(since, since.plusSeconds(60))).isTrue();
    }

    @Test
    void refusesANonsensicalBackoff() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
