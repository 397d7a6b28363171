package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.artifact.Digest;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void hostPortNamespaceNameAndTag() {
        ImageReference reference = ImageReference.parse("127.0.0.1:5000/team/web:1.0");

        assertThat(reference.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(reference.repository()).isEqualTo("team/web");
        assertThat(reference.tag()).contains("1.0");
        assertThat(reference.digest()).isEmpty();
        assertThat(reference.reference()).isEqualTo("1.0");
        assertThat(reference).hasToString("127.0.0.1:5000/team/web:1.0");
    }

    @Test
    void digestPinsTheReferenceEvenWithATag() {
        ImageReference reference = ImageReference.parse("registry.example.com/web:1.0@sha256:" + HEX);

        assertThat(reference.registry()).isEqualTo("registry.example.com");
        assertThat(reference.repository()).isEqualTo("web");
        assertThat(reference.digest()).contains(new Digest(HEX));
        assertThat(reference.reference()).isEqualTo("sha256:" + HEX);
    }

    @Test
    void repositoryToCopyIntoHasNoTag() {
        ImageReference to = ImageReference.parseRepository("localhost:5000/team/web");

        assertThat(to.repository()).isEqualTo("team/web");
        assertThat(to.withTag("env-staging")).hasToString("localhost:5000/team/web:env-staging");
        assertThatThrownBy(() -> ImageReference.parseRepository("localhost:5000/team/web:1"))
                .hasMessageContaining("is not a repository: leave out the tag and digest");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web:1.0                             | it has no registry host",
            "team/web:1.0                        | 'team' is not a registry host",
            "127.0.0.1:5000/Team/web:1           | repository part 'Team' is not allowed",
            "127.0.0.1:5000/team//web:1          | repository part '' is not allowed",
            "127.0.0.1:5000/team/web:-x          | tag '-x' is not allowed",
            "127.0.0.1:5000/team/web@sha256:abc  | the part after '@' is not a valid digest",
            "127.0.0.1:5000/team/web@md5:abc     | the part after '@' is not a digest",
            "127.0.0.1:5000/team/web             | it names no image in 127.0.0.1:5000/team/web: add a tag",
            "127.0.0.1:5000/                     | it has no repository name",
    })
    void badReferencesSayWhatIsWrongAndShowAnExample(String text, String why) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not an image reference: ")
                .hasMessageContaining(why)
                .hasMessageContaining("e.g. 127.0.0.1:5000/team/web:1.0");
    }

    @Test
    void emptyIsMissing() {
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageStartingWith("missing image reference");
    }

    @Test
    void loopbackIsPlainHttp() {
        assertThat(RegistryHttp.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(RegistryHttp.isLoopback("localhost")).isTrue();
        assertThat(RegistryHttp.isLoopback("[::1]:5000")).isTrue();
        assertThat(RegistryHttp.isLoopback("registry.example.com")).isFalse();
        assertThat(RegistryHttp.isLoopback("127.0.0.1.example.com")).isFalse();
        assertThat(Optional.of(ImageReference.parse("[::1]:5000/a:1").registry())).contains("[::1]:5000");
    }
}
