package dev.slipway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactDigestTest {

    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesThePrefixedFormAndPrintsItBack() {
        Digest digest = Digest.parse("sha256:" + HEX);

        assertThat(digest.hex()).isEqualTo(HEX);
        assertThat(digest).hasToString("sha256:" + HEX);
        assertThat(digest.shortForm()).isEqualTo("e3b0c44298fc");
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
    }

    @Test
    void hashesBytesWithSha256() {
        assertThat(Digest.ofBytes(new byte[0]).hex()).isEqualTo(HEX);
        assertThat(Digest.ofBytes("abc".getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        HEX,                                    // no prefix: could be mistaken for a commit hash
        "sha256:",                              // prefix only
        "sha512:" + HEX,                        // other algorithm
        "SHA256:" + HEX,                        // prefix is lower-case
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", // hex is lower-case
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",  // 63 characters
        "sha256:" + HEX + "5",                  // 65 characters
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // not hex
        " sha256:" + HEX,                       // surrounding blanks
        "sha256:" + HEX + "\n",
        "sha256: " + HEX,
    })
    void refusesAnythingElseWithAMessageSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 'sha256:' followed by 64 lower-case hex characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "sha256:" + HEX})
    void theConstructorTakesOnlyBareLowerCaseHex(String hex) {
        assertThatThrownBy(() -> new Digest(hex)).isInstanceOf(IllegalArgumentException.class);
    }
}
