package dev.slipway.pipeline;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Remembers how far each job log was read; a poll returns the complete lines written since. */
public final class LogFollower {
    private static final int MAX_READ = 1 << 20;

    private final LogStore store;
    private final List<JobRun> jobs;
    private final Map<String, Long> offsets = new HashMap<>();
    private final UnaryOperator<String> mask;

    LogFollower(LogStore store, List<JobRun> jobs, UnaryOperator<String> mask) {
        this.store = store;
        this.jobs = List.copyOf(jobs);
        this.mask = mask;
    }

    public List<String> poll() throws IOException {
        List<String> lines = new ArrayList<>();
        for (JobRun job : jobs) {
            Path file = store.file(job.app(), job.run(), job.stageIndex(), job.name());
            if (!Files.exists(file)) {
                continue;
            }
            long offset = offsets.getOrDefault(job.name(), 0L);
            String tag = "[" + job.stage() + "/" + job.name() + "] ";
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length <= offset) {
                    continue;
                }
                byte[] bytes = new byte[(int) Math.min(length - offset, MAX_READ)];
                in.seek(offset);
                in.readFully(bytes);
                int end = lastIndexOf(bytes, (byte) '\n');
                int next = end + 1;
                if (end < 0 && bytes.length == MAX_READ) {
                    // one line longer than a read: hand it out in pieces, or the follower would wait on it for ever
                    end = wholeCharacters(bytes);
                    next = end;
                } else if (end < 0) {
                    continue;
                }
                String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
                for (String line : text.split("\n", -1)) {
                    lines.add(LogStore.tagged(mask.apply(line), tag));
                }
                offsets.put(job.name(), offset + next);
            }
        }
        return lines;
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

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
