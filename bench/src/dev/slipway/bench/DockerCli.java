package dev.slipway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@code docker} CLI against one engine, with a client config dir of its own (logins stay there). */
public final class DockerCli {
    private final String host;
    private final Path config;

    public DockerCli(String host, Path config) throws Exception {
        this.host = host;
        this.config = Files.createDirectories(config);
    }

    /** Runs {@code docker --config DIR -H HOST ARGS…}; a failure throws with its output. */
    public String run(String... args) throws Exception {
        // Debian's client matches Debian's engine (20.10); another `docker` earlier on PATH may be a newer client
        String cli = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
        List<String> command = new ArrayList<>(List.of(cli, "--config", config.toString(), "-H", host));
        command.addAll(List.of(args));
        return Commands.run(Path.of("").toAbsolutePath(), command.toArray(String[]::new));
    }

    /** Removes the image {@code reference} names, layers and all (so the next pull downloads everything again). */
    public void removeImage(String reference) throws Exception {
        String out = run("rmi", reference);
        if (!out.contains("Deleted: ")) {
            throw new IllegalStateException("docker rmi " + reference + " left the image in place:\n" + out);
        }
    }
}
