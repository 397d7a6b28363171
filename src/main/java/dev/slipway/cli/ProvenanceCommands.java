package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway provenance APP DIGEST}: the signed build provenance of an artifact (the in-toto statement, decoded;
 * {@code --json} the DSSE envelope as served); {@code slipway provenance verify APP DIGEST} checks it here, with the
 * keys of {@code /api/v1/keys}: this CLI computes the DSSE pre-authentication encoding and verifies the Ed25519
 * signature itself, so a server that lies about its own check is caught.
 */
@Command(
        name = "provenance",
        description = {"Show the signed build provenance of an artifact (an in-toto statement, SLSA v1)",
                "`provenance verify APP DIGEST` checks its signature, subject and builder"},
        mixinStandardHelpOptions = true,
        subcommands = {ProvenanceCommands.Verify.class})
final class ProvenanceCommands implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    // optional only so that `provenance verify APP DIGEST` parses: without a subcommand both are required
    @Parameters(index = "0", paramLabel = "APP", arity = "0..1")
    String app;

    @Parameters(index = "1", paramLabel = "DIGEST", arity = "0..1",
            description = "sha256:… of the artifact (an image's manifest digest)")
    String digest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (app == null || digest == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameters: APP DIGEST");
        }
        JsonNode envelope = global.api().get(path(app, digest));
        if (json.enabled()) {
            global.out().println(ApiClient.pretty(envelope));
            return 0;
        }
        try {
            global.out().println(ApiClient.pretty(ApiClient.parse(new String(payload(envelope), StandardCharsets.UTF_8))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CliException.refused("the provenance's payload is not JSON: " + e.getOriginalMessage());
        }
        return 0;
    }

    static String path(String app, String digest) {
        return ApiClient.appPath(app) + "/artifacts/" + ApiClient.segment(digest) + "/provenance";
    }

    /** Exits 1 with the reason when the provenance does not verify. */
    @Command(
            name = "verify",
            description = {"Check an artifact's provenance: signed by one of the server's keys (current or retired),",
                    "about DIGEST, and naming this server as its builder; exits 1 with the reason otherwise"},
            mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "DIGEST")
        String digest;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            JsonNode envelope = api.get(path(app, digest));
            JsonNode keys = api.get("/api/v1/keys");
            String problem = problem(envelope, keys, digest);
            if (problem != null) {
                global.err().println("provenance of " + digest + " does NOT verify: " + problem);
                return SlipwayCli.EXIT_REFUSED;
            }
            JsonNode statement = statement(envelope);
            PrintWriter out = global.out();
            JsonNode external = statement.path("predicate").path("buildDefinition").path("externalParameters");
            out.println("provenance ok: " + digest + " was built by " + statement.path("predicate").path("runDetails")
                    .path("builder").path("id").asText() + " from "
                    + external.path("repository").asText() + " " + external.path("ref").asText("") + " @ "
                    + external.path("commit").asText() + " (signed with key " + signer + ")");
            return 0;
        }

        private String signer = "?";

        /** Null when the envelope verifies, else why not. */
        String problem(JsonNode envelope, JsonNode keys, String digest) {
            String type = envelope.path("payloadType").asText();
            if (!"application/vnd.in-toto+json".equals(type)) {
                return "its payload type is '" + type + "', not application/vnd.in-toto+json";
            }
            byte[] body;
            try {
                body = payload(envelope);
            } catch (CliException e) {
                return e.getMessage();
            }
            byte[] pae = pae(type, body);
            List<String> named = new ArrayList<>();
            boolean verified = false;
            for (JsonNode signature : envelope.path("signatures")) {
                String keyId = signature.path("keyid").asText();
                named.add(keyId);
                for (JsonNode key : keys.path("keys")) {
                    if (key.path("id").asText().equals(keyId) && verifies(key.path("public_key_pem").asText(), pae,
                            signature.path("sig").asText())) {
                        verified = true;
                        signer = keyId + ", " + key.path("status").asText("current");
                    }
                }
            }
            if (!verified) {
                return "the signature does not verify with any of the server's keys (signed by " + named
                        + "; GET /api/v1/keys): the envelope was changed, or another server signed it";
            }
            JsonNode statement = statement(envelope);
            if (statement == null || !"https://in-toto.io/Statement/v1".equals(statement.path("_type").asText())) {
                return "its payload is not an in-toto Statement v1";
            }
            boolean about = false;
            for (JsonNode subject : statement.path("subject")) {
                about |= ("sha256:" + subject.path("digest").path("sha256").asText()).equals(digest);
            }
            if (!about) {
                return "it is not about " + digest + " (its subject: " + statement.path("subject") + ")";
            }
            String builder = statement.path("predicate").path("runDetails").path("builder").path("id").asText();
            List<String> expected = new ArrayList<>(); // the current id, then those of earlier public URLs
            expected.add(keys.path("builder").asText());
            keys.path("builders").forEach(b -> {
                if (!expected.contains(b.asText())) {
                    expected.add(b.asText());
                }
            });
            if (!expected.contains(builder)) {
                return "it names builder " + builder + ", not this server (" + String.join(", ", expected) + ")";
            }
            return null;
        }
    }

    /** DSSE v1 pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
    static byte[] pae(String type, byte[] body) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + typeBytes.length + " " + type + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + body.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(body, 0, pae, head.length, body.length);
        return pae;
    }

    static byte[] payload(JsonNode envelope) {
        try {
            return Base64.getDecoder().decode(envelope.path("payload").asText());
        } catch (IllegalArgumentException e) {
            throw CliException.refused("its payload is not base64: " + e.getMessage());
        }
    }

    private static JsonNode statement(JsonNode envelope) {
        try {
            return ApiClient.parse(new String(payload(envelope), StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | CliException e) {
            return null;
        }
    }

    private static boolean verifies(String pem, byte[] message, String signature) {
        try {
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
