package dev.slipway.pipeline;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads part of a job's log at a cost that does not grow with the log: the chunk before an offset (a page shows a
 * log from its tail and earlier parts on demand) and the whole lines after one (what a follower gets next).
 */
public final class LogReader {
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
        Path file = store.file(job);
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /**
     * At most {@code max} bytes ending at {@code to} (or the log's end), not before {@code from}; cut from the front,
     * it begins at the first whole line (unless one line fills it).
     */
    public Chunk chunk(JobRun job, long from, long to, int max) throws IOException {
        Path file = store.file(job);
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
        Path file = store.file(job);
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
