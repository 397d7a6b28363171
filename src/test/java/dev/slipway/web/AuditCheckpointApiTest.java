package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.audit.AuditChain;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit head, exported and signed with the server's key: verify names the head hash, a checkpoint is signed so
 * that openssl (not our code) verifies it over the documented encoding, and a full rewrite of the chain after a
 * checkpoint, which plain verify cannot see, fails verification against the checkpoint.
 */
class AuditCheckpointApiTest {
    static final String ADMIN = "slw_checkpointad.checkpoint-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static Slipway slipway;

    @BeforeAll
    static void start() throws Exception {
        slipway = Slipway.start(new ServerConfig(tmp.resolve("data"), "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        for (String user : new String[] {"ann", "ben", "cid"}) {
            assertThat(send("POST", "/api/v1/users", "{\"name\":\"" + user + "\"}", ADMIN).statusCode()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void verifyNamesTheHeadToKeep() throws Exception {
        JsonNode verified = JSON.readTree(send("GET", "/api/v1/audit/verify", null, ADMIN).body());
        assertThat(verified.get("ok").asBoolean()).isTrue();
        assertThat(verified.get("head_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(verified.get("head_seq").asLong()).isEqualTo(verified.get("entries").asLong()).isPositive();
    }

    @Test
    void aCheckpointIsSignedWithTheServersKeyAndOpensslVerifiesIt() throws Exception {
        HttpResponse<String> keys = send("GET", "/api/v1/keys", null, null);
        assertThat(keys.statusCode()).as("the public key is public").isEqualTo(200);
        JsonNode key = JSON.readTree(keys.body()).get("keys").get(0);
        assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
        Path keyFile = tmp.resolve("data/signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile)).contains(key.get("public_key_pem").asText());

        JsonNode checkpoint = JSON.readTree(send("GET", "/api/v1/audit/checkpoint", null, ADMIN).body());
        JsonNode verified = JSON.readTree(send("GET", "/api/v1/audit/verify", null, ADMIN).body());
        assertThat(checkpoint.get("format").asText()).isEqualTo("slipway-audit-checkpoint-v1");
        assertThat(checkpoint.get("seq").asLong()).isEqualTo(verified.get("head_seq").asLong());
        assertThat(checkpoint.get("head_hash").asText()).isEqualTo(verified.get("head_hash").asText());
        assertThat(checkpoint.get("key_id").asText()).isEqualTo(key.get("id").asText());
        assertThat(Instant.parse(checkpoint.get("time").asText())).isBefore(Instant.now().plusSeconds(1));

        Path pem = Files.writeString(tmp.resolve("public.pem"), key.get("public_key_pem").asText());
        Path signature = Files.write(tmp.resolve("checkpoint.sig"),
                Base64.getDecoder().decode(checkpoint.get("signature").asText()));
        // the encoding as the README documents it, written out here rather than taken from the server's code
        String signed = "slipway-audit-checkpoint-v1\n" + "seq:" + checkpoint.get("seq").asLong() + "\n"
                + "head_hash:" + checkpoint.get("head_hash").asText() + "\n" + "time:" + checkpoint.get("time").asText()
                + "\n" + "key_id:" + checkpoint.get("key_id").asText() + "\n";
        assertThat(openssl(pem, Files.writeString(tmp.resolve("checkpoint.txt"), signed), signature))
                .contains("Signature Verified Successfully");
        String moved = signed.replace("seq:" + checkpoint.get("seq").asLong(), "seq:" + (checkpoint.get("seq").asLong() + 1));
        assertThat(openssl(pem, Files.writeString(tmp.resolve("moved.txt"), moved), signature))
                .contains("Signature Verification Failure");
    }

    @Test
    void aFullRewriteAfterACheckpointPassesPlainVerifyButNotTheCheckpoint() throws Exception {
        JsonNode checkpoint = JSON.readTree(send("GET", "/api/v1/audit/checkpoint", null, ADMIN).body());
        long kept = checkpoint.get("seq").asLong();
        assertThat(send("POST", "/api/v1/users", "{\"name\":\"dan\"}", ADMIN).statusCode()).isEqualTo(201);
        JsonNode stillGood = JSON.readTree(send("POST", "/api/v1/audit/verify", checkpoint.toString(), ADMIN).body());
        assertThat(stillGood.get("ok").asBoolean()).as(stillGood.toString()).isTrue();
        assertThat(stillGood.get("checkpoint").get("ok").asBoolean()).isTrue();

        rewriteFrom(2, "mallory"); // entry #2 and every later hash and the head, recomputed: a consistent chain
        JsonNode plain = JSON.readTree(send("GET", "/api/v1/audit/verify", null, ADMIN).body());
        assertThat(plain.get("ok").asBoolean()).as("the keyless chain cannot see a full rewrite").isTrue();
        assertThat(plain.get("head_hash").asText()).isNotEqualTo(checkpoint.get("head_hash").asText());

        HttpResponse<String> against = send("POST", "/api/v1/audit/verify", checkpoint.toString(), ADMIN);
        assertThat(against.statusCode()).isEqualTo(200);
        JsonNode caught = JSON.readTree(against.body());
        assertThat(caught.get("ok").asBoolean()).isFalse();
        assertThat(caught.get("checkpoint").get("ok").asBoolean()).isFalse();
        assertThat(caught.get("problem").asText()).contains("entry #" + kept)
                .contains("no longer has the hash the checkpoint kept").contains("rewritten");

        ObjectNode forged = (ObjectNode) checkpoint.deepCopy();
        forged.put("head_hash", plain.get("head_hash").asText()).put("seq", plain.get("head_seq").asLong());
        JsonNode unsigned = JSON.readTree(send("POST", "/api/v1/audit/verify", forged.toString(), ADMIN).body());
        assertThat(unsigned.get("ok").asBoolean()).isFalse();
        assertThat(unsigned.get("problem").asText()).contains("signature does not verify");

        HttpResponse<String> junk = send("POST", "/api/v1/audit/verify", "{\"format\":\"slipway-audit-checkpoint-v1\","
                + "\"seq\":1,\"head_hash\":\"xyz\",\"time\":\"2026-01-01T00:00:00.000Z\",\"key_id\":\"00\","
                + "\"signature\":\"AA==\"}", ADMIN);
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(junk.body()).contains("head_hash");
    }

    /** Changes entry {@code from}'s actor and recomputes the hash of it and of every later entry, and the head. */
    private static void rewriteFrom(long from, String actor) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/slipway.db"))) {
            c.setAutoCommit(false);
            String prev = null;
            try (PreparedStatement select = c.prepareStatement("SELECT seq, recorded_at, actor, action, app, subject, "
                    + "before_value, after_value, prev_hash FROM audit_entries WHERE seq >= ? ORDER BY seq")) {
                select.setLong(1, from);
                ResultSet rs = select.executeQuery();
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String who = seq == from ? actor : rs.getString(3);
                    String prevHash = prev == null ? rs.getString(9) : prev;
                    prev = AuditChain.hash(prevHash, seq, Instant.ofEpochMilli(rs.getLong(2)), who, rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                        update.setString(1, who);
                        update.setString(2, prevHash);
                        update.setString(3, prev);
                        update.setLong(4, seq);
                        assertThat(update.executeUpdate()).isEqualTo(1);
                    }
                }
            }
            try (PreparedStatement head = c.prepareStatement("UPDATE audit_head SET hash = ?")) {
                head.setString(1, prev);
                head.executeUpdate();
            }
            c.commit();
        }
    }

    private static String openssl(Path publicKey, Path message, Path signature) throws Exception {
        Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicKey.toString(),
                "-rawin", "-in", message.toString(), "-sigfile", signature.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
