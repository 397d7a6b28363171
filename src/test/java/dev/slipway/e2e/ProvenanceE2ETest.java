package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signed build provenance end to end: a real push builds an artifact; its DSSE envelope, fetched over HTTP, is
 * verified by an independent implementation (this test computes the PAE itself and asks openssl), by
 * {@code slipway provenance verify}; a flipped byte fails both; promotions to environments that
 * {@code require: [provenance]} are refused without it, with a tampered one, and for a commit not on the feeding
 * branches; after {@code slipway keys rotate} the old provenance still verifies and new builds use the new key.
 */
class ProvenanceE2ETest extends OneServerE2E {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps:
                      - run: mkdir -p dist && javac -d dist src/Hello.java && cp VERSION dist/VERSION
                    artifact: [ "dist/" ]
            service:
              command: "java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello"
              health: /healthz
            environments:
              - name: staging
                branches: [ main ]
              - name: uat
                branches: [ release ]
                require: [ provenance ]
              - name: production
                tags: [ "v*" ]
                require: [ provenance ]
            """;

    @Test
    void provenanceIsSignedVerifiedIndependentlyAndGatesPromotions() throws Exception {
        createApp("proof");
        GitClient git = exampleRepo(tmp.resolve("proof"));
        git.write(".slipway.yml", PIPELINE);
        String commit = git.commitAll("require provenance");
        JsonNode run = awaitRun("proof", pushedRun(git.push(server.pushUrl("proof"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        String digest = run.get("artifact").asText();

        // fetched over HTTP, checked with openssl from the PEM of /api/v1/keys and a PAE computed here
        String envelopeJson = fetch("/api/v1/apps/proof/artifacts/" + digest + "/provenance");
        JsonNode envelope = JSON.readTree(envelopeJson);
        assertThat(envelope.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        JsonNode keys = api.get("/api/v1/keys");
        JsonNode key = keys.get("keys").get(0);
        assertThat(key.get("status").asText()).isEqualTo("current");
        assertThat(key.get("signs").toString()).contains("build provenance");
        assertThat(envelope.get("signatures").get(0).get("keyid").asText()).isEqualTo(key.get("id").asText());
        byte[] body = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] sig = Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText());
        String pem = key.get("public_key_pem").asText();
        assertThat(openssl(pae(body), sig, pem)).as("openssl verifies the envelope").isTrue();
        assertThat(openssl(pae(flip(body, 40)), sig, pem)).as("a flipped payload byte").isFalse();
        assertThat(openssl(pae(body), flip(sig, 7), pem)).as("a flipped signature byte").isFalse();

        JsonNode statement = JSON.readTree(body);
        assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(statement.get("subject").get(0).get("digest").get("sha256").asText())
                .isEqualTo(digest.substring("sha256:".length()));
        JsonNode definition = statement.get("predicate").get("buildDefinition");
        assertThat(definition.get("buildType").asText()).isEqualTo("https://slipway.dev/build/v1");
        assertThat(definition.get("externalParameters").get("commit").asText()).isEqualTo(commit);
        assertThat(definition.get("externalParameters").get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(definition.get("externalParameters").get("repository").asText()).endsWith("/git/proof.git");
        assertThat(definition.get("externalParameters").get("jobs").toString()).isEqualTo("[\"compile\"]");
        assertThat(definition.get("resolvedDependencies").get(0).get("digest").get("gitCommit").asText()).isEqualTo(commit);
        JsonNode runDetails = statement.get("predicate").get("runDetails");
        assertThat(runDetails.get("builder").get("id").asText()).isEqualTo(keys.get("builder").asText())
                .isEqualTo(server.url() + "/builder");
        assertThat(runDetails.get("metadata").get("invocationId").asText()).endsWith("/api/v1/apps/proof/runs/" + run.get("number").asLong());

        CliRunner.Result verified = cli.run("provenance", "verify", "proof", digest);
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("provenance ok").contains(commit);
        CliRunner.Result shown = cli.run("provenance", "proof", digest);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("\"_type\": \"https://in-toto.io/Statement/v1\"").contains(commit);

        HttpResponse<String> none = api.raw("GET", "/api/v1/apps/proof/artifacts/sha256:" + "0".repeat(64)
                + "/provenance", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("has no provenance").contains("not built by Slipway");

        // not on the branches that feed uat
        CliRunner.Result offBranch = cli.run("promote", "proof", "--to", "uat", "--commit", commit);
        assertThat(offBranch.exit()).isEqualTo(1);
        assertThat(offBranch.err()).contains("built from commit " + commit.substring(0, 7))
                .contains("which is not on uat's branches release");

        // a tampered envelope: Slipway's gate, the CLI and openssl all refuse it
        ObjectNode tampered = (ObjectNode) JSON.readTree(envelopeJson);
        byte[] changed = flip(body, 40);
        tampered.put("payload", Base64.getEncoder().encodeToString(changed));
        setEnvelope("proof", digest, tampered.toString());
        CliRunner.Result badSignature = cli.run("promote", "proof", "--to", "production", "--commit", commit);
        assertThat(badSignature.exit()).isEqualTo(1);
        assertThat(badSignature.err()).contains("provenance signature does not verify");
        CliRunner.Result cliRefuses = cli.run("provenance", "verify", "proof", digest);
        assertThat(cliRefuses.exit()).isEqualTo(1);
        assertThat(cliRefuses.err()).contains("does NOT verify").contains("signature does not verify");
        assertThat(openssl(pae(changed), sig, pem)).isFalse();

        // none at all: a digest recorded without provenance
        deleteEnvelope("proof", digest);
        CliRunner.Result missing = cli.run("promote", "proof", "--to", "production", "--commit", commit);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains(digest + " has no provenance: it was not built by Slipway");

        // restored: the gate lets it through (production takes tags; any branch of the app feeds it)
        insertEnvelope("proof", digest, run.get("number").asLong(), key.get("id").asText(), envelopeJson);
        CliRunner.Result promoted = cli.run("promote", "proof", "--to", "production", "--commit", commit);
        assertThat(promoted.exit()).as(promoted.err()).isZero();

        // rotation: the old provenance still verifies, a new build is signed by the new key
        CliRunner.Result rotated = cli.run("keys", "rotate");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        JsonNode after = api.get("/api/v1/keys").get("keys");
        assertThat(after).hasSize(2);
        assertThat(after.get(1).get("id").asText()).isEqualTo(key.get("id").asText());
        assertThat(after.get(1).get("status").asText()).isEqualTo("retired");
        assertThat(after.get(1).get("retired_at").asText()).isNotEmpty();
        String newKey = after.get(0).get("id").asText();
        assertThat(newKey).isNotEqualTo(key.get("id").asText());
        CliRunner.Result oldStillVerifies = cli.run("provenance", "verify", "proof", digest);
        assertThat(oldStillVerifies.exit()).as(oldStillVerifies.err()).isZero();
        assertThat(oldStillVerifies.out()).contains(key.get("id").asText() + ", retired");

        git.write("VERSION", "2.0.0\n");
        git.commitAll("a new version");
        JsonNode second = awaitRun("proof", pushedRun(git.push(server.pushUrl("proof"), "HEAD:refs/heads/main").ok()));
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        String secondDigest = second.get("artifact").asText();
        JsonNode newEnvelope = JSON.readTree(fetch("/api/v1/apps/proof/artifacts/" + secondDigest + "/provenance"));
        assertThat(newEnvelope.get("signatures").get(0).get("keyid").asText()).isEqualTo(newKey);
        assertThat(openssl(pae(Base64.getDecoder().decode(newEnvelope.get("payload").asText())),
                Base64.getDecoder().decode(newEnvelope.get("signatures").get(0).get("sig").asText()),
                after.get(0).get("public_key_pem").asText())).isTrue();
        CliRunner.Result newVerifies = cli.run("provenance", "verify", "proof", secondDigest);
        assertThat(newVerifies.exit()).as(newVerifies.err()).isZero();
    }

    @Test
    void anImagesProvenanceIsItsReferrerInTheRegistry() throws Exception {
        createApp("sealed");
        GitClient git = GitClient.init(tmp.resolve("sealed"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps:
                          - mkdir -p rootfs && echo sealed > rootfs/hello.txt
                        image:
                          base: scratch
                          files: [ { from: "rootfs/", to: "/" } ]
                          cmd: [ "/hello" ]
                """);
        git.commitAll("an image");
        JsonNode run = awaitRun("sealed", pushedRun(git.push(server.pushUrl("sealed"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).as(run::toString).isEqualTo("SUCCEEDED");
        String image = run.get("artifact").asText();
        String envelope = fetch("/api/v1/apps/sealed/artifacts/" + image + "/provenance");

        HttpResponse<byte[]> referrers = SbomE2ETest.registry("/v2/sealed/referrers/" + image);
        assertThat(referrers.statusCode()).isEqualTo(200);
        JsonNode manifests = JSON.readTree(referrers.body()).get("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).get("artifactType").asText()).isEqualTo("application/vnd.in-toto+json");
        JsonNode manifest = JSON.readTree(SbomE2ETest.registry("/v2/sealed/manifests/"
                + manifests.get(0).get("digest").asText()).body());
        assertThat(manifest.get("subject").get("digest").asText()).isEqualTo(image);
        JsonNode layer = manifest.get("layers").get(0);
        assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.dsse.envelope.v1+json");
        byte[] attached = SbomE2ETest.registry("/v2/sealed/blobs/" + layer.get("digest").asText()).body();
        assertThat(new String(attached, StandardCharsets.UTF_8)).isEqualTo(envelope);
        CliRunner.Result verified = cli.run("provenance", "verify", "sealed", image);
        assertThat(verified.exit()).as(verified.err()).isZero();

        // an image built on that one names its base, resolved to its digest, among its resolved dependencies
        createApp("layered");
        GitClient layered = GitClient.init(tmp.resolve("layered"));
        layered.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps:
                          - mkdir -p rootfs && echo layered > rootfs/more.txt
                        image:
                          base: "sealed@%s"
                          files: [ { from: "rootfs/", to: "/" } ]
                """.formatted(image));
        layered.commitAll("an image on an image");
        JsonNode second = awaitRun("layered", pushedRun(layered.push(server.pushUrl("layered"), "HEAD:refs/heads/main").ok()));
        assertThat(second.get("state").asText()).as(second::toString).isEqualTo("SUCCEEDED");
        JsonNode statement = JSON.readTree(Base64.getDecoder().decode(JSON.readTree(fetch("/api/v1/apps/layered/artifacts/"
                + second.get("artifact").asText() + "/provenance")).get("payload").asText()));
        JsonNode dependencies = statement.at("/predicate/buildDefinition/resolvedDependencies");
        assertThat(dependencies).hasSize(2);
        assertThat(dependencies.get(1).get("uri").asText()).isEqualTo("sealed@" + image);
        assertThat(dependencies.get(1).get("digest").get("sha256").asText()).isEqualTo(image.substring("sha256:".length()));
    }

    private static String fetch(String path) throws Exception {
        HttpResponse<String> response = api.raw("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** DSSE v1 PAE, computed here from the spec, not by Slipway's code. */
    private static byte[] pae(byte[] body) {
        String type = "application/vnd.in-toto+json";
        byte[] head = ("DSSEv1 " + type.length() + " " + type + " " + body.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] pae = new byte[head.length + body.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(body, 0, pae, head.length, body.length);
        return pae;
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static boolean openssl(byte[] pae, byte[] signature, String pem) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "openssl");
        Path paeFile = Files.write(dir.resolve("pae.bin"), pae);
        Path sigFile = Files.write(dir.resolve("sig.bin"), signature);
        Path keyFile = Files.writeString(dir.resolve("key.pem"), pem);
        Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", keyFile.toString(),
                "-rawin", "-in", paeFile.toString(), "-sigfile", sigFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 0) {
            assertThat(out).contains("Signature Verified Successfully");
        }
        return p.exitValue() == 0;
    }

    private static Connection db() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.data().resolve("slipway.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    private static void setEnvelope(String app, String digest, String envelope) throws Exception {
        try (Connection c = db(); PreparedStatement u = c.prepareStatement(
                "UPDATE provenance SET envelope = ? WHERE app = ? AND digest = ?")) {
            u.setString(1, envelope);
            u.setString(2, app);
            u.setString(3, digest);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
    }

    private static void deleteEnvelope(String app, String digest) throws Exception {
        try (Connection c = db(); PreparedStatement d = c.prepareStatement(
                "DELETE FROM provenance WHERE app = ? AND digest = ?")) {
            d.setString(1, app);
            d.setString(2, digest);
            assertThat(d.executeUpdate()).isEqualTo(1);
        }
    }

    private static void insertEnvelope(String app, String digest, long run, String keyId, String envelope)
            throws Exception {
        try (Connection c = db(); PreparedStatement i = c.prepareStatement(
                "INSERT INTO provenance (app, digest, run, key_id, envelope, created_at) VALUES (?, ?, ?, ?, ?, 0)")) {
            i.setString(1, app);
            i.setString(2, digest);
            i.setLong(3, run);
            i.setString(4, keyId);
            i.setString(5, envelope);
            i.executeUpdate();
        }
        try (Connection c = db(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM provenance WHERE app = ? AND digest = ?")) {
            q.setString(1, app);
            q.setString(2, digest);
            ResultSet rs = q.executeQuery();
            assertThat(rs.next() && rs.getInt(1) == 1).isTrue();
        }
    }
}
