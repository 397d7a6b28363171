package dev.slipway.environment.kubernetes;

import dev.slipway.environment.ServiceLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a cluster target says about each deployment, kept on this host as Docker targets keep their containers'
 * output ({@code ROOT/APP/ENV/deployment-N.log}): the objects applied and pruned, the rollout's progress, the reasons
 * it failed. The services' own output stays in the cluster.
 */
final class DeploymentLogs implements ServiceLogs {
    private final Path root;

    DeploymentLogs(Path root) {
        this.root = root;
    }

    /** Appends each line, time-stamped, to the deployment's log, and passes it on to {@code also}. */
    Consumer<String> writer(String app, String environment, long deployment, Consumer<String> also) {
        Path file = file(app, environment, deployment).orElseThrow();
        return line -> {
            also.accept(line);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the log " + file, e);
            }
        };
    }

    @Override
    public Optional<Path> file(String app, String environment, long deployment) {
        return Optional.of(root.resolve(app).resolve(environment).resolve("deployment-" + deployment + ".log"));
    }

    @Override
    public Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException {
        try {
            return Optional.of(Files.newBufferedReader(file(app, environment, deployment).orElseThrow()));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The deployment's directory on this host (where verify steps run), created when missing. */
    Path directory(String app, String environment, long deployment) {
        Path dir = root.resolve(app).resolve(environment).resolve("deployment-" + deployment);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    void discard(String app, String environment, long deployment) {
        deleteTree(root.resolve(app).resolve(environment).resolve("deployment-" + deployment));
    }

    void removeEnvironment(String app, String environment) {
        deleteTree(root.resolve(app).resolve(environment));
    }

    private static void deleteTree(Path dir) {
        dev.slipway.Trees.delete(dir);
    }
}
