package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticatorTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant NOW = T0.plusSeconds(3600);
    static final SecureRandom RANDOM = new SecureRandom();
    static final String PRESET = "my-own-admin-token-with-at-least-32-chars!";

    static final InMemoryTokens TOKENS = new InMemoryTokens();
    static final String GOOD = store("alice", null, null);
    static final String EXPIRED = store("alice", NOW, null);
    static final String REVOKED = store("alice", null, T0.plusSeconds(60));
    static final String PRESET_STORED = storeToken(PRESET, "admin", null, null);
    /** A well-formed token of a known id with a different secret. */
    static final String WRONG_SECRET = GOOD.substring(0, GOOD.indexOf('.') + 1) + "A".repeat(43);
    static final String UNKNOWN_ID = "slw_0123456789ab." + "A".repeat(43);
    static final List<String> SECRETS = List.of(GOOD, EXPIRED, REVOKED, PRESET, WRONG_SECRET, UNKNOWN_ID);

    private final Authenticator authenticator = new Authenticator(TOKENS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String store(String user, Instant expiresAt, Instant revokedAt) {
        return storeToken(TokenFormat.generate(RANDOM), user, expiresAt, revokedAt);
    }

    private static String storeToken(String token, String user, Instant expiresAt, Instant revokedAt) {
        TokenFormat.Key key = TokenFormat.keyOf(token);
        TOKENS.create(new TokenInfo(key.id(), user, T0, expiresAt, revokedAt), key.secretHash());
        return token;
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("missing header", null, "authentication required"),
                Arguments.of("blank header", "  ", "authentication required"),
                Arguments.of("scheme only", "Bearer", "malformed"),
                Arguments.of("scheme and space", "Bearer ", "malformed"),
                Arguments.of("no scheme", GOOD, "malformed"),
                Arguments.of("unknown scheme", "Token " + GOOD, "malformed"),
                Arguments.of("over-long token", "Bearer " + "x".repeat(300), "longer than 256"),
                Arguments.of("huge header", "Bearer " + "x".repeat(5000), "longer than 256"),
                Arguments.of("Basic garbage", "Basic garbage!", "malformed"),
                Arguments.of("Basic without colon", "Basic " + Base64.getEncoder().encodeToString(GOOD.getBytes()), "malformed"),
                Arguments.of("Basic without password", basic("alice", ""), "malformed"),
                Arguments.of("Basic over-long token", basic("alice", "x".repeat(300)), "longer than 256"),
                Arguments.of("Basic with wrong user", basic("bob", GOOD), "does not match the token's owner"),
                Arguments.of("Basic with token as user", basic(GOOD, GOOD), "does not match the token's owner"),
                Arguments.of("unknown id", "Bearer " + UNKNOWN_ID, "invalid token"),
                Arguments.of("wrong secret", "Bearer " + WRONG_SECRET, "invalid token"),
                Arguments.of("unknown preset-shaped token", "Bearer " + PRESET + "x", "invalid token"),
                Arguments.of("expired", "Bearer " + EXPIRED, "expired at " + NOW),
                Arguments.of("revoked", "Bearer " + REVOKED, "revoked at " + T0.plusSeconds(60)),
                Arguments.of("revoked via git", basic("alice", REVOKED), "revoked"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithAMessageThatSaysWhyButNeverTheToken(String name, String header, String expected) {
        Problem problem = catchThrowableOfType(Problem.class, () -> authenticator.authenticate(header));
        assertThat(problem).as(name).isNotNull();
        assertThat(problem.kind()).isEqualTo(Problem.Kind.UNAUTHENTICATED);
        assertThat(problem.getMessage()).contains(expected);
        for (String secret : SECRETS) {
            assertThat(problem.getMessage()).doesNotContain(secret).doesNotContain(secretPart(secret));
        }
        assertThat(problem.getMessage()).doesNotContain("xxxxxxxx");
        assertThat(problem.getCause()).isNull();
    }

    private static String secretPart(String token) {
        return token.startsWith("slw_") ? token.substring(token.indexOf('.') + 1) : token;
    }

    @Test
    void missingHeaderSaysHowToAuthenticate() {
        assertThatThrownBy(() -> authenticator.authenticate(null)).hasMessage("authentication required: pass a token "
                + "with --token or SLIPWAY_TOKEN (API: `Authorization: Bearer TOKEN`; git: user name + token as password)");
    }

    @Test
    void acceptsAGoodBearerToken() {
        assertThat(authenticator.authenticate("Bearer " + GOOD)).isEqualTo(new Principal("alice"));
        assertThat(authenticator.authenticate("bearer  " + GOOD + " ")).isEqualTo(new Principal("alice"));
    }

    @Test
    void acceptsGitsBasicWithTheOwnersName() {
        assertThat(authenticator.authenticate(basic("alice", GOOD))).isEqualTo(new Principal("alice"));
    }

    @Test
    void acceptsAPresetTokenOfAnyShape() {
        assertThat(authenticator.authenticate("Bearer " + PRESET)).isEqualTo(new Principal("admin"));
        assertThat(authenticator.authenticate(basic("admin", PRESET))).isEqualTo(new Principal("admin"));
    }

    @Test
    void aTokenIsValidUntilTheMomentItExpires() {
        String token = store("carol", NOW.plusMillis(1), null);
        assertThat(authenticator.authenticate("Bearer " + token)).isEqualTo(new Principal("carol"));
        Authenticator later = new Authenticator(TOKENS, Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.authenticate("Bearer " + token)).hasMessageContaining("expired");
    }

    @Test
    void issuedTokensHaveAPublicIdAndA256BitSecret() {
        String token = TokenFormat.generate(RANDOM);
        assertThat(token).matches("slw_[0-9a-f]{12}\\.[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secretPart(token))).hasSize(32);
        TokenFormat.Key key = TokenFormat.keyOf(token);
        assertThat(key.id()).isEqualTo(token.substring(4, 16));
        assertThat(key.secretHash()).hasSize(64).doesNotContain(secretPart(token));
        assertThat(key.toString()).doesNotContain(key.secretHash());
    }

    @Test
    void aSignInLastsOnlyAsLongAsItsToken() {
        String token = store("dora", NOW.plusSeconds(60), null);
        Authenticator.SignedIn signedIn = authenticator.signIn(" " + token + " ");
        assertThat(signedIn.principal()).isEqualTo(new Principal("dora"));
        assertThat(authenticator.stillValid(signedIn.tokenId())).isEqualTo(new Principal("dora"));

        Authenticator later = new Authenticator(TOKENS, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.stillValid(signedIn.tokenId())).hasMessageContaining("expired");
        TOKENS.revoke(signedIn.tokenId(), NOW.plusSeconds(1));
        assertThatThrownBy(() -> authenticator.stillValid(signedIn.tokenId())).hasMessageContaining("revoked");
        assertThatThrownBy(() -> authenticator.stillValid("0123456789ab")).hasMessageContaining("no longer exists");
        assertThatThrownBy(() -> authenticator.signIn(null)).isInstanceOf(Problem.class);
    }
}
