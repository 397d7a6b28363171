package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    static final String VALUE = "s3cr3t-value-ünïcode";
    static final SecretId STAGING_KEY = new SecretId("hello", "staging", "API_KEY");

    static SecretBox box(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
        }
        return new SecretBox(new SecretKeySpec(key, "AES"));
    }

    private final SecretBox box = box(1);

    @Test
    void whatIsSealedOpensAgainAndNeverShowsTheValue() {
        String sealed = box.seal(STAGING_KEY, VALUE);
        assertThat(sealed).startsWith("v1:").doesNotContain(VALUE).doesNotContain("s3cr3t");
        assertThat(box.open(STAGING_KEY, sealed)).isEqualTo(VALUE);
    }

    /** A target's client key opens for that target only, and never as a secret (nor a secret as a key). */
    @Test
    void aTargetKeyIsSealedUnderItsOwnContextAndName() {
        SealedTargetKeys keys = new SealedTargetKeys(box);
        String sealed = keys.seal("prod-a", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThat(sealed).startsWith("v1:").doesNotContain("PRIVATE");
        assertThat(keys.open("prod-a", sealed)).contains("BEGIN PRIVATE KEY");
        assertThatThrownBy(() -> keys.open("prod-b", sealed)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("TLS client key of target 'prod-b'").hasMessageContaining("slipway target remove prod-b");
        assertThatThrownBy(() -> box.open(new SecretId("prod-a", "x", "y"), sealed))
                .isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> keys.open("prod-a", box.seal(STAGING_KEY, VALUE)))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void everySealingUsesAFreshNonce() {
        assertThat(box.seal(STAGING_KEY, VALUE)).isNotEqualTo(box.seal(STAGING_KEY, VALUE));
    }

    @Test
    void aFlippedByteDoesNotOpen() {
        String sealed = box.seal(STAGING_KEY, VALUE);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        for (int at : new int[] {0, 12, bytes.length - 1}) { // nonce, ciphertext, tag
            byte[] tampered = bytes.clone();
            tampered[at] ^= 1;
            String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> box.open(STAGING_KEY, altered))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("staging/API_KEY")
                    .hasMessageContaining("altered")
                    .hasMessageNotContaining(VALUE);
        }
    }

    @Test
    void aCiphertextMovedToAnotherSecretDoesNotOpen() {
        String sealed = box.seal(STAGING_KEY, VALUE);
        for (SecretId other : new SecretId[] {
                new SecretId("hello", "production", "API_KEY"),
                new SecretId("hello", "staging", "DB_PASSWORD"),
                new SecretId("other", "staging", "API_KEY"),
                // the parts are length-prefixed: shifting a character from one part to the next is another id
                new SecretId("hello", "stagingA", "PI_KEY")}) {
            assertThatThrownBy(() -> box.open(other, sealed)).isInstanceOf(IllegalStateException.class)
                    .hasMessageNotContaining(VALUE);
        }
    }

    @Test
    void anotherKeyDoesNotOpen() {
        String sealed = box.seal(STAGING_KEY, VALUE);
        assertThatThrownBy(() -> box(2).open(STAGING_KEY, sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another key")
                .hasMessageContaining("slipway secret set hello staging API_KEY");
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThatThrownBy(() -> box.open(STAGING_KEY, "v9:AAAA")).hasMessageContaining("format");
        assertThatThrownBy(() -> box.open(STAGING_KEY, "v1:%%%")).hasMessageContaining("base64");
        assertThatThrownBy(() -> box.open(STAGING_KEY, "v1:AAAA")).hasMessageContaining("too short");
    }

    @Test
    void onlyA256BitKeyIsAccepted() {
        assertThatThrownBy(() -> new SecretBox(new SecretKeySpec(new byte[16], "AES")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
