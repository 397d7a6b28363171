package dev.slipway.web.sse;

import dev.slipway.Problem;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.pipeline.AnsiEscapes;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.pipeline.LogReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A deployment's service output as the web edge serves it — the API ({@code slipway logs APP --env ENV}) and the
 * environment page: whole or from its last lines, followed while the service runs, and masked on the way out with
 * the app's secret values as they are now (the target masks only the service's own, as it writes).
 */
public final class ServiceOutput {
    private final Environments environments;
    private final ServiceLogs logs;
    private final LogMasking masking;
    private final LogReader reader;

    public ServiceOutput(Environments environments, ServiceLogs logs, LogMasking masking, LogReader reader) {
        this.environments = environments;
        this.logs = logs;
        this.masking = masking;
        this.reader = reader;
    }

    /** The deployment serving the environment now; a 404 that says what to read instead when none does. */
    public Deployment live(String app, String environment) {
        EnvironmentStatus status = environments.status(app).stream()
                .filter(s -> s.environment().name().equals(environment)).findFirst()
                .orElseThrow(() -> Problem.notFound("app '" + app + "' has no environment '" + environment
                        + "': see `slipway status " + app + "`"));
        return status.live().orElseThrow(() -> Problem.notFound("nothing is live in " + environment + " of " + app
                + " (" + status.state() + "): find a deployment with `slipway history " + app + " " + environment
                + "` and read its output with `slipway logs " + app + " --env " + environment + " --deployment N`"));
    }

    /** One deployment of the environment, or a 404. */
    public Deployment deployment(String app, String environment, long id) {
        return environments.deployment(app, environment, id);
    }

    /** Masks a line of the app's service output with its secret values as they are now. */
    public UnaryOperator<String> mask(String app) {
        return masking.maskerFor(app);
    }

    /**
     * A line of the output as plain text: masked, and without terminal escape codes unless {@code keepEscapes}
     * (stripped first, so that a colour code inside a secret cannot hide it from the mask).
     */
    public UnaryOperator<String> plain(String app, boolean keepEscapes) {
        UnaryOperator<String> mask = mask(app);
        return keepEscapes ? mask : line -> mask.apply(AnsiEscapes.strip(line));
    }

    /** The deployment's output followed as it grows, until the deployment's process is stopped. */
    public FollowedLog followed(Deployment d) {
        Path file = file(d).orElseThrow(() -> Problem.notFound("deployment #" + d.id() + " of " + d.environment()
                + " runs on a target that keeps no output to follow"));
        return FollowedLog.ofService(d.app(), d.environment(), d.id(), file, () -> ended(d));
    }

    /** Where the last {@code lines} lines of the output begin (a byte offset; 0 for a target without a file). */
    public long startOfLastLines(Deployment d, int lines) throws IOException {
        Optional<Path> file = file(d);
        return file.isEmpty() ? 0 : reader.startOfLastLines(file.get(), lines);
    }

    /** How long the output is now, in bytes. */
    public long size(Deployment d) throws IOException {
        Optional<Path> file = file(d);
        return file.isEmpty() ? 0 : reader.size(file.get());
    }

    /** At most {@code max} bytes of the output that end at {@code to}, from a line start, masked. */
    public LogReader.Chunk chunk(Deployment d, long to, int max) throws IOException {
        Optional<Path> file = file(d);
        if (file.isEmpty()) {
            return new LogReader.Chunk("", 0, 0);
        }
        LogReader.Chunk raw = reader.chunk(file.get(), 0, to, max);
        UnaryOperator<String> mask = mask(d.app());
        String text = Arrays.stream(raw.text().split("\n", -1)).map(mask).collect(Collectors.joining("\n"));
        return new LogReader.Chunk(text, raw.start(), raw.end());
    }

    /**
     * Writes the output from byte {@code from} (a line start) as text, masked line by line; streamed, so an output
     * of any size is served in the same memory; escape codes stripped unless {@code keepEscapes}. Nothing when the target kept none.
     */
    public void copy(Deployment d, long from, OutputStream target, boolean keepEscapes) throws IOException {
        Optional<BufferedReader> opened = open(d, from);
        if (opened.isEmpty()) {
            return; // not started yet, or its files went with the environment: nothing to show
        }
        UnaryOperator<String> mask = plain(d.app(), keepEscapes);
        Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
        try (BufferedReader in = opened.get()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(mask.apply(line));
                out.write('\n');
            }
        }
        out.flush();
    }

    private Optional<BufferedReader> open(Deployment d, long from) throws IOException {
        Optional<Path> file = file(d);
        if (file.isEmpty()) {
            return from == 0 ? logs.open(d.app(), d.environment(), d.id()) : Optional.empty();
        }
        try {
            InputStream in = Files.newInputStream(file.get());
            in.skipNBytes(Math.min(from, Files.size(file.get())));
            // undecodable bytes read as U+FFFD, since a service may print anything
            return Optional.of(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> file(Deployment d) {
        return logs.file(d.app(), d.environment(), d.id());
    }

    /** The state the deployment ended in once its process is stopped; "GONE" once it is no longer recorded. */
    private Optional<String> ended(Deployment d) {
        try {
            Deployment now = environments.deployment(d.app(), d.environment(), d.id());
            return now.state().isFinal() ? Optional.of(now.state().name()) : Optional.empty();
        } catch (Problem gone) {
            return Optional.of("GONE");
        }
    }
}
