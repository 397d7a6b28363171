package dev.slipway.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A delivery's outcomes, the full table: each pair is either allowed or refused, on purpose. */
class HookOutcomeTest {
    static Stream<Arguments> moves() {
        // a refused delivery sent again once the secret is fixed; an accepted one settles once
        List<String> allowed = List.of("REFUSED>IGNORED", "REFUSED>ACCEPTED", "ACCEPTED>FETCHED", "ACCEPTED>ERRORED");
        return Stream.of(HookOutcome.values()).flatMap(from -> Stream.of(HookOutcome.values())
                .map(to -> Arguments.of(from, to, allowed.contains(from + ">" + to))));
    }

    @ParameterizedTest(name = "delivery {0} -> {1}: {2}")
    @MethodSource("moves")
    void outcomes(HookOutcome from, HookOutcome to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        if (!allowed) {
            assertThatThrownBy(() -> from.requireMoveTo(to)).isInstanceOf(IllegalStateException.class);
        }
    }
}
