package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real {@code skopeo}, hermetic: its auth file, trust policy (accept anything) and registries.conf live in a dir
 * of the test's own, so no credentials leak in from or out to the machine, and TLS verification is off (the
 * registries tests use speak plain HTTP on 127.0.0.1). One instance per test, in its @TempDir.
 */
public final class Skopeo {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    // subcommands with one side take --tls-verify; copy and sync have two sides
    private static final Set<String> ONE_SIDED = Set.of("inspect", "list-tags", "delete", "login", "logout");
    private static final Set<String> TWO_SIDED = Set.of("copy", "sync");

    private final Path dir;

    /** A skopeo whose auth file, policy and registries.conf are kept in {@code dir}. */
    public Skopeo(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Files.writeString(policy(), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
            Files.writeString(dir.resolve("registries.conf"), "# no search registries, no mirrors: references are full\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code skopeo SUBCOMMAND [tls flags] [--authfile] ARGS…} to its end (at most 3 minutes). */
    public CommandResult run(String subcommand, String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--policy", policy().toString(), subcommand));
        if (ONE_SIDED.contains(subcommand)) {
            command.addAll(List.of("--tls-verify=false", "--authfile", authFile().toString()));
        } else if (TWO_SIDED.contains(subcommand)) {
            command.addAll(List.of("--src-tls-verify=false", "--dest-tls-verify=false", "--authfile", authFile().toString()));
        }
        command.addAll(List.of(args));
        return RealCommand.run(DEFAULT_TIMEOUT, Map.of(
                "CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString(),
                "REGISTRY_AUTH_FILE", authFile().toString(),
                "DOCKER_CONFIG", dir.toString()), command);
    }

    /** {@code skopeo inspect docker://REFERENCE} (its JSON: Digest, Layers, …), failing the test if it fails. */
    public String inspect(String reference) {
        return run("inspect", "docker://" + reference).ok().out();
    }

    /** The manifest as the registry serves it ({@code inspect --raw}). */
    public String rawManifest(String reference) {
        return run("inspect", "--raw", "docker://" + reference).ok().out();
    }

    /** {@code skopeo copy SOURCE DESTINATION} with transports written out (docker://…, oci:DIR:TAG). */
    public CommandResult copy(String source, String destination, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add(source);
        args.add(destination);
        return run("copy", args.toArray(String[]::new));
    }

    /** Logs in to {@code registry} (stored in this instance's auth file only). */
    public CommandResult login(String registry, String user, String password) {
        return run("login", "--username", user, "--password", password, registry);
    }

    /** The auth file every command here uses. */
    public Path authFile() {
        return dir.resolve("auth.json");
    }

    private Path policy() {
        return dir.resolve("policy.json");
    }
}
