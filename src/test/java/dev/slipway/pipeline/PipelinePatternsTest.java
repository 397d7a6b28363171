package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelinePatternsTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                | main              | true
            *                | feature/x         | true
            *                | a/b/c             | true
            *,!main          | main              | false
            *,!main          | feature/x         | true
            !main            | feature/x         | false
            main             | main              | true
            main             | main2             | false
            main             | Main              | false
            feature/*        | feature/login     | true
            feature/*        | feature/a/b       | true
            feature/*        | feature/          | true
            feature/*        | feature           | false
            feature/*        | bugfix/feature/x  | false
            release-?        | release-1         | true
            release-?        | release-12        | false
            release-?        | release-          | false
            *-hotfix         | v1-hotfix         | true
            *-hotfix         | v1-hotfix-2       | false
            a*b*c            | axxbyyc           | true
            a*b*c            | axxbyy            | false
            release/*,!*-rc? | release/2.0       | true
            release/*,!*-rc? | release/2.0-rc1   | false
            '  '             | main              | false
            """)
    void matchesBranchesWithGlobsAndExclusions(String patterns, String branch, boolean expected) {
        List<String> list = patterns.isBlank() ? List.of() : Arrays.asList(patterns.split(","));

        assertThat(BranchPatterns.of(list).matches(branch)).isEqualTo(expected);
    }

    @Test
    void keepsPatternsAndRefusesEmptyOnes() {
        BranchPatterns patterns = BranchPatterns.of(List.of("*", "!main"));

        assertThat(patterns.patterns()).containsExactly("*", "!main").isUnmodifiable();
        assertThat(patterns.isEmpty()).isFalse();
        assertThat(BranchPatterns.of(List.of()).isEmpty()).isTrue();
        assertThat(patterns).isEqualTo(BranchPatterns.of(List.of("*", "!main")));
        assertThatThrownBy(() -> BranchPatterns.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BranchPatterns.of(List.of("!"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            main                   | main
            feature/X              | feature-x
            Fix__Bug--2            | fix-bug-2
            /leading/and/trailing/ | leading-and-trailing
            release/1.2.3          | release-1-2-3
            Ünïcode-branch         | n-code-branch
            UPPER                  | upper
            """)
    void slugsBranches(String branch, String slug) {
        assertThat(BranchSlug.of(branch)).isEqualTo(slug);
    }

    @Test
    void cutsSlugsTo63CharactersWithoutATrailingDash() {
        assertThat(BranchSlug.of("a".repeat(70))).isEqualTo("a".repeat(63));
        // the cut lands right after a '-', which must not stay at the end
        assertThat(BranchSlug.of("a".repeat(62) + "/bcd")).isEqualTo("a".repeat(62));
    }

    @Test
    void refusesBranchesWithoutLettersOrDigits() {
        assertThatThrownBy(() -> BranchSlug.of("__/__")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no letter or digit");
    }
}
