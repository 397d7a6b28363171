package dev.slipway.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provenance of one artifact: an in-toto Statement v1 whose predicate is SLSA Provenance v1
 * (https://slsa.dev/provenance/v1). The fields Slipway fills:
 *
 * <pre>
 * _type          https://in-toto.io/Statement/v1
 * subject        [{name: "APP", digest: {sha256: HEX}}]        the artifact (an image's: its manifest digest)
 * predicateType  https://slsa.dev/provenance/v1
 * predicate.buildDefinition
 *   buildType            https://slipway.dev/build/v1
 *   externalParameters   {repository, ref, commit, pipelineFile: {path: .slipway.yml, digest: {sha256}}, jobs: [..]}
 *   internalParameters   {app}
 *   resolvedDependencies [{uri: git+REPOSITORY@REF, digest: {gitCommit}}, {uri: BASE, name: base image, digest: {sha256}}]
 *                        (an image's base as its image: named it, resolved to a digest; none for scratch)
 * predicate.runDetails
 *   builder.id           SERVER_PUBLIC_URL/builder (see {@link #builderId})
 *   metadata             {invocationId: SERVER_PUBLIC_URL/api/v1/apps/APP/runs/N, startedOn, finishedOn}
 * </pre>
 *
 * The JSON bytes are what is signed; readers parse them back with {@link #parse}, never re-encode them.
 */
public final class ProvenanceStatement {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    public static final String BUILD_TYPE = "https://slipway.dev/build/v1";
    public static final String PIPELINE_FILE = ".slipway.yml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProvenanceStatement() {}

    /**
     * The builder's id for a server reached at {@code publicUrl}: {@code PUBLIC_URL/builder}. Stable as long as the
     * public URL is (set {@code --public-url} to the name others use); a verifier compares it with the server's.
     */
    public static String builderId(String publicUrl) {
        return stripSlash(publicUrl) + "/builder";
    }

    /** The statement's bytes: compact JSON, fields in the order above. */
    public static byte[] of(BuildFacts facts, String publicUrl) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", TYPE);
        statement.put("subject", List.of(Map.of("name", facts.app(), "digest", Map.of("sha256", facts.digest().hex()))));
        statement.put("predicateType", PREDICATE_TYPE);
        Map<String, Object> external = new LinkedHashMap<>();
        external.put("repository", facts.repository());
        if (facts.ref() != null) {
            external.put("ref", facts.ref());
        }
        external.put("commit", facts.commit());
        if (facts.pipelineDigest() != null) {
            external.put("pipelineFile", Map.of("path", PIPELINE_FILE, "digest", Map.of("sha256", hexOf(facts.pipelineDigest()))));
        }
        external.put("jobs", facts.jobs());
        List<Object> dependencies = new ArrayList<>();
        dependencies.add(Map.of("uri", "git+" + facts.repository() + (facts.ref() == null ? "" : "@" + facts.ref()),
                "digest", Map.of("gitCommit", facts.commit())));
        for (BuildFacts.BaseImageDigest base : facts.baseImages()) {
            dependencies.add(Map.of("uri", base.reference(), "name", "base image",
                    "digest", Map.of("sha256", base.digest().hex())));
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("buildType", BUILD_TYPE);
        definition.put("externalParameters", external);
        definition.put("internalParameters", Map.of("app", facts.app()));
        definition.put("resolvedDependencies", dependencies);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("invocationId", stripSlash(publicUrl) + "/api/v1/apps/" + facts.app() + "/runs/" + facts.run());
        if (facts.startedOn() != null) {
            metadata.put("startedOn", time(facts.startedOn()));
        }
        if (facts.finishedOn() != null) {
            metadata.put("finishedOn", time(facts.finishedOn()));
        }
        Map<String, Object> runDetails = new LinkedHashMap<>();
        runDetails.put("builder", Map.of("id", builderId(publicUrl)));
        runDetails.put("metadata", metadata);
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("buildDefinition", definition);
        predicate.put("runDetails", runDetails);
        statement.put("predicate", predicate);
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }

    /** What a verifier reads back from a statement's bytes; empty when they are no in-toto SLSA statement. */
    public static Optional<Parsed> parse(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !TYPE.equals(root.path("_type").asText()) 
                    || !PREDICATE_TYPE.equals(root.path("predicateType").asText())) {
                return Optional.empty();
            }
            List<String> subjects = new ArrayList<>();
            root.path("subject").forEach(s -> subjects.add("sha256:" + s.path("digest").path("sha256").asText()));
            JsonNode predicate = root.path("predicate");
            JsonNode external = predicate.path("buildDefinition").path("externalParameters");
            return Optional.of(new Parsed(subjects, predicate.path("runDetails").path("builder").path("id").asText(),
                    external.path("repository").asText(), external.path("ref").asText(null),
                    external.path("commit").asText(), root));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A statement read back: its subjects' digests ({@code sha256:HEX}), builder, source, and the whole tree. */
    public record Parsed(List<String> subjects, String builderId, String repository, String ref, String commit,
                         JsonNode json) {}

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String hexOf(String digest) {
        return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
