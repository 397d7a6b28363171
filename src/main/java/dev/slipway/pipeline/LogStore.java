package dev.slipway.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Job logs on disk, one file per job, each line prefixed with its UTC time. Lines are flushed as they come so
 * a log can be read (and followed) while the job runs. Secret values are masked before a line reaches the disk,
 * and again when logs are served, for values set after a line was written.
 */
public final class LogStore {
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;
    private final Clock clock;
    private final LogMasking masking;
    private final JobLogLimit limit;

    public LogStore(Path root, Clock clock) {
        this(root, clock, LogMasking.NONE);
    }

    public LogStore(Path root, Clock clock, LogMasking masking) {
        this(root, clock, masking, JobLogLimit.DEFAULT);
    }

    public LogStore(Path root, Clock clock, LogMasking masking, JobLogLimit limit) {
        this.root = root;
        this.clock = clock;
        this.masking = masking;
        this.limit = limit;
    }

    /**
     * Appends timestamped lines to one job's log. The job's output stops being stored at the limit (still read, so
     * the job never blocks on a full pipe, and counted); Slipway's own notes are always stored, and a truncated log
     * ends with a line saying how much was dropped.
     */
    public final class Writer implements AutoCloseable {
        private final java.io.Writer out;
        private final UnaryOperator<String> mask;
        private long written;
        private long dropped;

        private Writer(java.io.Writer out, UnaryOperator<String> mask, long written) {
            this.out = out;
            this.mask = mask;
            this.written = written;
        }

        /** A line of the job's output: dropped (and counted) once the log has reached its limit. */
        public synchronized void line(String text) {
            String line = stamped(mask.apply(text));
            long bytes = utf8Length(line);
            if (dropped == 0 && written + bytes > limit.bytes()) {
                write(stamped("slipway: … this job's log reached its " + limit + " limit; its further output is "
                        + "dropped while it runs on (see --job-log-limit)"));
            }
            if (dropped > 0 || written + bytes > limit.bytes()) {
                dropped += bytes;
                return;
            }
            write(line);
        }

        /** Slipway's own line (a step's command, why a job ended): stored whatever the limit, so the end is told. */
        public synchronized void note(String text) {
            write(stamped(mask.apply(text)));
        }

        private String stamped(String text) {
            return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)) + ' ' + text + '\n';
        }

        private void write(String line) {
            try {
                out.write(line);
                out.flush();
                written += utf8Length(line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a log line", e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                if (dropped > 0) {
                    write(stamped("slipway: … log truncated at " + limit + " (" + dropped + " bytes dropped); "
                            + "see --job-log-limit"));
                }
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A writer for one job's log; it masks the app's secret values as they are when it opens. */
    public Writer open(String app, long run, int stageIndex, String job) throws IOException {
        UnaryOperator<String> mask = masking.maskerFor(app);
        Path file = file(app, run, stageIndex, job);
        Files.createDirectories(file.getParent());
        long existing = Files.exists(file) ? Files.size(file) : 0;
        // readable by the server's user only: a log may still hold a secret set after it was written
        BufferedWriter out = new BufferedWriter(Channels.newWriter(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), StandardCharsets.UTF_8));
        return new Writer(out, mask, existing);
    }

    public Path file(String app, long run, int stageIndex, String job) {
        return root.resolve(app).resolve(Long.toString(run)).resolve(String.format("%02d-%s.log", stageIndex, job));
    }

    Path file(JobRun job) {
        return file(job.app(), job.run(), job.stageIndex(), job.name());
    }

    /**
     * Writes every job's log of the run in stage order, each line tagged with its stage and job. Streams: a line at a
     * time (a job's lines are at most about 1 MB), so a log of any size is served in the same memory. Terminal escape
     * sequences are stripped unless {@code keepEscapes} (plain text for a file or a pipe; kept for a terminal).
     */
    public void copyRunLog(List<JobRun> jobs, OutputStream target, boolean keepEscapes) throws IOException {
        java.io.Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), COPY_BUFFER);
        UnaryOperator<String> mask = jobs.isEmpty() ? UnaryOperator.identity() : masking.maskerFor(jobs.get(0).app());
        for (JobRun job : jobs) {
            copy(job, runLine(job, plain(mask, keepEscapes)), out);
        }
        out.flush();
    }

    /** {@link #copyRunLog(List, OutputStream, boolean)} without escape sequences. */
    public void copyRunLog(List<JobRun> jobs, OutputStream target) throws IOException {
        copyRunLog(jobs, target, false);
    }

    /** Writes one job's log as stored, masked again for values set since; streamed as {@link #copyRunLog} is. */
    public void copyJobLog(JobRun job, OutputStream target, boolean keepEscapes) throws IOException {
        java.io.Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), COPY_BUFFER);
        copy(job, plain(masking.maskerFor(job.app()), keepEscapes), out);
        out.flush();
    }

    /** {@link #copyJobLog(JobRun, OutputStream, boolean)} without escape sequences. */
    public void copyJobLog(JobRun job, OutputStream target) throws IOException {
        copyJobLog(job, target, false);
    }

    /** Stripped before masking: a secret split by a colour code is still a secret once the code is gone. */
    private static UnaryOperator<String> plain(UnaryOperator<String> mask, boolean keepEscapes) {
        return keepEscapes ? mask : line -> mask.apply(AnsiEscapes.strip(line));
    }

    private void copy(JobRun job, UnaryOperator<String> transform, java.io.Writer out) throws IOException {
        Path file = file(job);
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(transform.apply(line));
                out.write('\n');
            }
        }
    }

    /**
     * How a line of the job's log reads in its run's log (as {@link #copyRunLog} writes it, and a follower of the run
     * gets it): masked again for the app's secret values as they are now, tagged with the job's stage and name.
     */
    public UnaryOperator<String> runLine(JobRun job) {
        return runLine(job, false);
    }

    /** {@link #runLine(JobRun)}, keeping terminal escape sequences when {@code keepEscapes}. */
    public UnaryOperator<String> runLine(JobRun job, boolean keepEscapes) {
        return runLine(job, plain(masking.maskerFor(job.app()), keepEscapes));
    }

    private static UnaryOperator<String> runLine(JobRun job, UnaryOperator<String> mask) {
        String tag = "[" + job.stage() + "/" + job.name() + "] ";
        return line -> tagged(mask.apply(line), tag);
    }

    /** "TIME text" becomes "TIME [stage/job] text". */
    static String tagged(String line, String tag) {
        int space = line.indexOf(' ');
        return space < 0 ? tag + line : line.substring(0, space + 1) + tag + line.substring(space + 1);
    }
}
