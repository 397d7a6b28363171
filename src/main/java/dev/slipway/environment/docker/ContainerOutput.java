package dev.slipway.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a container's output (stdout and stderr, as the engine keeps it) into the deployment's log file on this
 * host while the container runs, with the service's secret values replaced by *** as they are written; the copy
 * ends when the container does. The file is what {@code slipway logs} reads and follows, and it stays once the
 * container is removed.
 */
final class ContainerOutput extends ResultCallback.Adapter<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerOutput.class);
    private final OutputStream out;
    private final List<String> needles;

    private ContainerOutput(OutputStream out, List<String> needles) {
        this.out = out;
        this.needles = needles;
    }

    /**
     * Starts copying the container's output from {@code sinceSeconds} (epoch seconds; 0: from its start) to the end
     * of {@code file}; {@code secrets} are the values to mask.
     */
    static ContainerOutput follow(DockerClient docker, String container, Path file, Collection<String> secrets,
                                  int sinceSeconds) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ContainerOutput copy = new ContainerOutput(out, needles(secrets));
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .withSince(sinceSeconds).exec(copy);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return copy;
    }

    /** As the local target's mask: each value and each of its lines, if at least 4 characters long, longest first. */
    static List<String> needles(Collection<String> secrets) {
        return secrets.stream().flatMap(v -> java.util.stream.Stream.concat(java.util.stream.Stream.of(v),
                        java.util.Arrays.stream(v.split("\\r?\\n|\\r"))))
                .filter(n -> n.length() >= 4).distinct().sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    @Override
    public synchronized void onNext(Frame frame) {
        String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
        for (String needle : needles) {
            text = text.replace(needle, "***");
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.warn("cannot write a container's output to its log: {}", e.toString());
        }
    }

    @Override
    public void onComplete() {
        closeOut();
        super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
        closeOut();
        super.onError(throwable);
    }

    /** Waits (at most {@code timeout}) until the output has been copied to its end, once the container stopped. */
    void awaitEnd(Duration timeout) {
        try {
            awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeOut();
    }

    /** Stops copying, the container running on (its output is left for whoever adopts it next). */
    void detach() {
        try {
            close();
        } catch (IOException e) {
            LOG.warn("cannot stop copying a container's output: {}", e.toString());
        }
        closeOut();
    }

    private synchronized void closeOut() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close a container's log: {}", e.toString());
        }
    }
}
