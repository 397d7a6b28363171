package dev.slipway.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Job logs on disk, one file per job, each line prefixed with its UTC time. Lines are flushed as they come so
 * a log can be read (and followed) while the job runs. Secret values are masked before a line reaches the disk,
 * and again when logs are served, for values set after a line was written.
 */
public final class LogStore {
    private final Path root;
    private final Clock clock;
    private final LogMasking masking;

    public LogStore(Path root, Clock clock) {
        this(root, clock, LogMasking.NONE);
    }

    public LogStore(Path root, Clock clock, LogMasking masking) {
        this.root = root;
        this.clock = clock;
        this.masking = masking;
    }

    /** Appends timestamped lines to one job's log. */
    public final class Writer implements AutoCloseable {
        private final java.io.Writer out;
        private final UnaryOperator<String> mask;

        private Writer(java.io.Writer out, UnaryOperator<String> mask) {
            this.out = out;
            this.mask = mask;
        }

        public synchronized void line(String text) {
            try {
                out.write(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
                out.write(' ');
                out.write(mask.apply(text));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a log line", e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A writer for one job's log; it masks the app's secret values as they are when it opens. */
    public Writer open(String app, long run, int stageIndex, String job) throws IOException {
        UnaryOperator<String> mask = masking.maskerFor(app);
        Path file = file(app, run, stageIndex, job);
        Files.createDirectories(file.getParent());
        // readable by the server's user only: a log may still hold a secret set after it was written
        BufferedWriter out = new BufferedWriter(Channels.newWriter(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), StandardCharsets.UTF_8));
        return new Writer(out, mask);
    }

    public Path file(String app, long run, int stageIndex, String job) {
        return root.resolve(app).resolve(Long.toString(run)).resolve(String.format("%02d-%s.log", stageIndex, job));
    }

    /** Writes every job's log of the run in stage order, each line tagged with its stage and job. */
    public void copyRunLog(List<JobRun> jobs, OutputStream target) throws IOException {
        java.io.Writer out = new java.io.OutputStreamWriter(target, StandardCharsets.UTF_8);
        UnaryOperator<String> mask = jobs.isEmpty() ? UnaryOperator.identity() : masking.maskerFor(jobs.get(0).app());
        for (JobRun job : jobs) {
            Path file = file(job.app(), job.run(), job.stageIndex(), job.name());
            if (!Files.exists(file)) {
                continue;
            }
            String tag = "[" + job.stage() + "/" + job.name() + "] ";
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    out.write(tagged(mask.apply(it.next()), tag));
                    out.write('\n');
                }
            }
        }
        out.flush();
    }

    /** "TIME text" becomes "TIME [stage/job] text". */
    static String tagged(String line, String tag) {
        int space = line.indexOf(' ');
        return space < 0 ? tag + line : line.substring(0, space + 1) + tag + line.substring(space + 1);
    }

    /** Follows a run's job logs from where the last poll stopped, handing out complete lines only. */
    public LogFollower follow(List<JobRun> jobs) {
        return new LogFollower(this, jobs,
                jobs.isEmpty() ? UnaryOperator.identity() : masking.maskerFor(jobs.get(0).app()));
    }
}
