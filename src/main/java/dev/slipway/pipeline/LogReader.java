package dev.slipway.pipeline;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads part of a job's log (or any log file: a service's output) at a cost that does not grow with the log: the
 * chunk before an offset (a page shows a log from its tail and earlier parts on demand), the whole lines after one
 * (what a follower gets next) and where its last lines begin.
 */
public final class LogReader {
    private static final int BACK_BLOCK = 64 * 1024;

    private final LogStore store;

    public LogReader(LogStore store) {
        this.store = store;
    }

    /** Bytes [start, end) of a log as text. */
    public record Chunk(String text, long start, long end) {
        /** Whether the log has more before this chunk. */
        public boolean more() {
            return start > 0;
        }
    }

    /** Bytes of a log from {@code start}: whole lines, or a piece of a line too long for one read. */
    public record Piece(long start, byte[] bytes) {
        public long end() {
            return start + bytes.length;
        }

        public boolean isEmpty() {
            return bytes.length == 0;
        }
    }

    /** How long the job's log is now (0 before it has one). */
    public long size(JobRun job) throws IOException {
        return size(store.file(job));
    }

    /** Where the job's log is kept. */
    public Path file(JobRun job) {
        return store.file(job);
    }

    /** How long a log file is now (0 before it exists). */
    public long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /**
     * At most {@code max} bytes ending at {@code to} (or the log's end), not before {@code from}; cut from the front,
     * it begins at the first whole line (unless one line fills it).
     */
    public Chunk chunk(JobRun job, long from, long to, int max) throws IOException {
        return chunk(store.file(job), from, to, max);
    }

    /** {@link #chunk(JobRun, long, long, int)} of any log file (a service's output). */
    public Chunk chunk(Path file, long from, long to, int max) throws IOException {
        if (!Files.exists(file)) {
            return new Chunk("", 0, 0);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = Math.max(from, Math.min(to, in.length()));
            long start = Math.max(from, end - max);
            byte[] bytes = read(in, start, end);
            int skip = 0;
            if (start > from) {
                while (skip < bytes.length && bytes[skip] != '\n') {
                    skip++;
                }
                skip = skip < bytes.length - 1 ? skip + 1 : 0;
            }
            return new Chunk(new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8), start + skip, end);
        }
    }

    /**
     * The whole lines from {@code from}, at most {@code max} bytes. A line longer than that comes in pieces of whole
     * characters (or a follower would wait on it for ever); half a line waits for its end, unless the log has
     * {@code ended} (then the rest is handed out as it is).
     */
    public Piece after(JobRun job, long from, int max, boolean ended) throws IOException {
        return after(store.file(job), from, max, ended);
    }

    /** {@link #after(JobRun, long, int, boolean)} of any log file (a service's output). */
    public Piece after(Path file, long from, int max, boolean ended) throws IOException {
        if (!Files.exists(file)) {
            return new Piece(from, new byte[0]);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = read(in, from, Math.min(in.length(), from + max));
            int end = lastIndexOfNewline(bytes) + 1;
            if (end == 0 && bytes.length > 0 && bytes.length == max) {
                end = wholeCharacters(bytes);
            } else if (end == 0 && ended) {
                end = bytes.length;
            }
            return new Piece(from, end == bytes.length ? bytes : Arrays.copyOf(bytes, end));
        }
    }

    /**
     * Where the last {@code lines} lines of a log file begin (0 when it has no more than that), found by reading
     * back from its end a block at a time: a long log costs what those lines cost. A last line without its newline
     * counts as a line.
     */
    public long startOfLastLines(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.exists(file)) {
            return size(file);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long pos = end;
            int newlines = 0;
            while (pos > 0) {
                long start = Math.max(0, pos - BACK_BLOCK);
                byte[] block = read(in, start, pos);
                for (int i = block.length - 1; i >= 0; i--) {
                    if (block[i] == '\n' && start + i != end - 1 && ++newlines == lines) {
                        return start + i + 1;
                    }
                }
                pos = start;
            }
            return 0;
        }
    }

    private static byte[] read(RandomAccessFile in, long from, long to) throws IOException {
        byte[] bytes = new byte[(int) Math.max(0, to - from)];
        in.seek(from);
        in.readFully(bytes);
        return bytes;
    }

    /** How many leading bytes are whole UTF-8 characters (a character cut by the read's end is left for the next). */
    static int wholeCharacters(byte[] bytes) {
        int lead = bytes.length - 1;
        while (lead > 0 && bytes.length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = bytes[lead] & 0xFF;
        int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + size <= bytes.length ? bytes.length : lead;
    }

    private static int lastIndexOfNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
