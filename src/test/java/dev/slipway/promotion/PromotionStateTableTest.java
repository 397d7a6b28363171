package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of promotion states is either an allowed move or refused, on purpose. */
class PromotionStateTableTest {
    static final List<String> ALLOWED = List.of("PENDING>APPROVED", "PENDING>REJECTED", "PENDING>CANCELLED",
            "APPROVED>DEPLOYING", "APPROVED>CANCELLED", "DEPLOYING>SUCCEEDED", "DEPLOYING>FAILED", "DEPLOYING>ERRORED");

    static Stream<Arguments> moves() {
        return Stream.of(PromotionState.values()).flatMap(from -> Stream.of(PromotionState.values())
                .map(to -> Arguments.of(from, to, ALLOWED.contains(from + ">" + to))));
    }

    @ParameterizedTest(name = "promotion {0} -> {1}: {2}")
    @MethodSource("moves")
    void moves(PromotionState from, PromotionState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        if (allowed) {
            assertThat(from.checkMoveTo(to)).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> from.checkMoveTo(to)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from + " to " + to);
        }
    }

    @ParameterizedTest(name = "{0} is final: {1}")
    @MethodSource("finals")
    void finalStatesGoNowhere(PromotionState state, boolean isFinal) {
        assertThat(state.isFinal()).isEqualTo(isFinal);
    }

    static Stream<Arguments> finals() {
        List<PromotionState> open = List.of(PromotionState.PENDING, PromotionState.APPROVED, PromotionState.DEPLOYING);
        return Stream.of(PromotionState.values()).map(s -> Arguments.of(s, !open.contains(s)));
    }
}
