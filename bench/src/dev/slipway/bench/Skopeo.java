package dev.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code skopeo} with its policy and auth file in a dir of the bench's own, TLS verification off (the
 * registries here speak plain HTTP on 127.0.0.1).
 */
public final class Skopeo {
    private final Path dir;

    public Skopeo(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
    }

    /** Copies SOURCE to DESTINATION (transports written out) byte for byte: the digest must not change. */
    public void copy(String source, String destination, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--policy", dir.resolve("policy.json").toString(),
                "copy", "--quiet", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "--authfile", dir.resolve("auth.json").toString()));
        command.addAll(List.of(options));
        command.add(source);
        command.add(destination);
        Commands.run(Path.of("").toAbsolutePath(), command.toArray(String[]::new));
    }

    /** The manifest digest a registry reports for REFERENCE (docker://…). */
    public String digest(String reference) throws Exception {
        String json = Commands.run(Path.of("").toAbsolutePath(), "skopeo", "inspect", "--tls-verify=false",
                "--authfile", dir.resolve("auth.json").toString(), reference);
        return new ObjectMapper().readTree(json).get("Digest").asText();
    }
}
