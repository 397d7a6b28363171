package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token cannot mint one that outlives it, nor one past the server's maximum (here 7d), over the real HTTP API;
 * admins issue any lifetime; a user's tokens end all at once. Each test uses its own users.
 */
class TokenLifetimesApiTest {
    static final String ADMIN = "slw_lifetimeadm0.lifetime-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static Slipway slipway;

    @BeforeAll
    static void start() {
        slipway = Slipway.start(new ServerConfig(tmp, "127.0.0.1", 0, null, 2, Optional.of(ADMIN), true, Duration.ofDays(7),
                dev.slipway.pipeline.JobLogLimit.DEFAULT));
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void aTokenThatExpiresInADayCannotMintOneThatLivesLonger() throws Exception {
        String bob = tokenFor("bob", "1d");
        Instant bobsExpiry = expiryOf(bob);

        JsonNode minted = created(send("POST", "/api/v1/tokens", "{}", bob));
        assertThat(minted.get("expires_at").isNull()).as("never expires: %s", minted).isFalse();
        assertThat(Instant.parse(minted.get("expires_at").asText())).isEqualTo(bobsExpiry);

        HttpResponse<String> longer = send("POST", "/api/v1/tokens", "{\"expires\":\"2d\"}", bob);
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(400);
        assertThat(message(longer)).contains("may expire at " + bobsExpiry + " at the latest")
                .contains("the token you are using, " + idOf(bob) + ", expires then")
                .contains("cannot be one that expires in 2d");
        HttpResponse<String> never = send("POST", "/api/v1/tokens", "{\"expires\":\"never\"}", bob);
        assertThat(never.statusCode()).as(never.body()).isEqualTo(400);
        assertThat(message(never)).contains("cannot be one that never expires");

        JsonNode shorter = created(send("POST", "/api/v1/tokens", "{\"expires\":\"1h\"}", bob));
        assertThat(Instant.parse(shorter.get("expires_at").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
        assertThat(send("GET", "/api/v1/tokens", null, bob).body()).doesNotContain("\"expires_at\":null");
    }

    @Test
    void withoutAnExpiryOfItsOwnATokenMintsAtMostTheServersMaximum() throws Exception {
        String carol = tokenFor("carol", "never");
        assertThat(expiryOf(carol)).isNull();

        JsonNode minted = created(send("POST", "/api/v1/tokens", "{}", carol));
        assertThat(Instant.parse(minted.get("expires_at").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
        HttpResponse<String> longer = send("POST", "/api/v1/tokens", "{\"user\":\"carol\",\"expires\":\"8d\"}", carol);
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(400);
        assertThat(message(longer)).contains("the server's maximum token lifetime is 7d, set by "
                + "`slipway server --max-token-lifetime`");
        HttpResponse<String> forSomeoneElse = send("POST", "/api/v1/tokens", "{\"user\":\"bob\"}", carol);
        assertThat(forSomeoneElse.statusCode()).isEqualTo(403);
    }

    @Test
    void adminsIssueAnyLifetimeAndNothingAskedIsTheMaximum() throws Exception {
        send("POST", "/api/v1/users", "{\"name\":\"dora\"}", ADMIN);
        JsonNode never = created(send("POST", "/api/v1/tokens", "{\"user\":\"dora\",\"expires\":\"never\"}", ADMIN));
        assertThat(never.get("expires_at").isNull()).isTrue();
        JsonNode year = created(send("POST", "/api/v1/tokens", "{\"user\":\"dora\",\"expires\":\"400d\"}", ADMIN));
        assertThat(Instant.parse(year.get("expires_at").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(400)), within(1, ChronoUnit.MINUTES));
        JsonNode unsaid = created(send("POST", "/api/v1/tokens", "{\"user\":\"dora\"}", ADMIN));
        assertThat(Instant.parse(unsaid.get("expires_at").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
        HttpResponse<String> junk = send("POST", "/api/v1/tokens", "{\"user\":\"dora\",\"expires\":\"forever\"}", ADMIN);
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(message(junk)).contains("\"never\"");
    }

    @Test
    void revokingAllOfAUsersTokensEndsEveryOneAndIsAudited() throws Exception {
        String erin = tokenFor("erin", "never");
        String minted = created(send("POST", "/api/v1/tokens", "{\"expires\":\"1h\"}", erin)).get("token").asText();
        String frank = tokenFor("frank", "1d");

        HttpResponse<String> byOther = send("DELETE", "/api/v1/users/erin/tokens", null, frank);
        assertThat(byOther.statusCode()).as(byOther.body()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/apps", null, erin).statusCode()).isEqualTo(200);

        HttpResponse<String> bySelf = send("DELETE", "/api/v1/users/erin/tokens", null, minted);
        assertThat(bySelf.statusCode()).as(bySelf.body()).isEqualTo(200);
        JsonNode revoked = JSON.readTree(bySelf.body());
        assertThat(revoked.get("user").asText()).isEqualTo("erin");
        List<String> ids = new ArrayList<>();
        revoked.get("revoked").forEach(t -> ids.add(t.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(idOf(erin), idOf(minted));
        assertThat(send("GET", "/api/v1/apps", null, erin).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/apps", null, minted).statusCode()).isEqualTo(401);
        JsonNode audit = JSON.readTree(send("GET", "/api/v1/audit?limit=10", null, ADMIN).body()).get("entries");
        List<String> entries = new ArrayList<>();
        audit.forEach(e -> entries.add(e.get("actor").asText() + " " + e.get("action").asText() + " "
                + e.get("subject").asText() + " " + e.get("after").asText()));
        assertThat(entries).contains("erin token.revoked token " + idOf(erin) + " revoked (all of erin's tokens)",
                "erin token.revoked token " + idOf(minted) + " revoked (all of erin's tokens)");

        JsonNode byAdmin = JSON.readTree(send("DELETE", "/api/v1/users/frank/tokens", null, ADMIN).body());
        assertThat(byAdmin.get("revoked")).hasSize(1);
        assertThat(send("GET", "/api/v1/apps", null, frank).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(send("DELETE", "/api/v1/users/frank/tokens", null, ADMIN).body()).get("revoked"))
                .as("nothing left to revoke").isEmpty();
        assertThat(send("DELETE", "/api/v1/users/ghost/tokens", null, ADMIN).statusCode()).isEqualTo(404);
    }

    /** A new user and a token for them that an admin issued with {@code expires}. */
    private static String tokenFor(String user, String expires) throws Exception {
        assertThat(send("POST", "/api/v1/users", "{\"name\":\"" + user + "\"}", ADMIN).statusCode()).isEqualTo(201);
        return created(send("POST", "/api/v1/tokens", "{\"user\":\"" + user + "\",\"expires\":\"" + expires + "\"}",
                ADMIN)).get("token").asText();
    }

    private static Instant expiryOf(String token) throws Exception {
        for (JsonNode t : JSON.readTree(send("GET", "/api/v1/tokens", null, token).body()).get("tokens")) {
            if (t.get("id").asText().equals(idOf(token))) {
                return t.get("expires_at").isNull() ? null : Instant.parse(t.get("expires_at").asText());
            }
        }
        throw new AssertionError("token " + idOf(token) + " is not listed");
    }

    private static String idOf(String token) {
        return token.substring(4, token.indexOf('.'));
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("message").asText();
    }

    static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
