package dev.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppNameTest {
    @Test
    void aMissingAppThatCouldExistIsToBeCreated() {
        assertThat(AppName.notFound("shop").getMessage())
                .isEqualTo("app 'shop' does not exist: create it with `slipway app create shop`");
        assertThat(AppName.notFound("shop").kind()).isEqualTo(Problem.Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "Shop", "a b", "-x", "x\ny"})
    void aNameNoAppCanHaveIsNeverSuggestedAsACommand(String name) {
        assertThat(AppName.notFound(name).getMessage()).startsWith("there is no app '")
                .contains("app names are 1-63 characters").doesNotContain("slipway app create").doesNotContain("\n");
        assertThatThrownBy(() -> AppName.check(name)).isInstanceOf(Problem.class);
    }

    @Test
    void aHugeNameIsShownShortened() {
        assertThat(AppName.notFound("A".repeat(10_000)).getMessage()).hasSizeLessThan(250);
    }
}
