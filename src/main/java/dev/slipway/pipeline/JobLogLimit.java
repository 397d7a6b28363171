package dev.slipway.pipeline;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How many bytes of one job's log are kept (the server's --job-log-limit); output past it is counted, not stored. */
public record JobLogLimit(long bytes) {
    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?");

    public static final JobLogLimit DEFAULT = new JobLogLimit(100 * MB);

    public JobLogLimit {
        if (bytes < KB) {
            throw new IllegalArgumentException("a job log limit must be at least 1KB, got " + bytes + " bytes");
        }
    }

    /** "100MB", "512 KB", "1GB" or plain bytes; units are powers of 1024. */
    public static JobLogLimit parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write it like 100MB, 512KB or 1GB");
        }
        long number = Long.parseLong(m.group(1));
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> KB;
            case "MB" -> MB;
            case "GB" -> GB;
            default -> 1;
        };
        if (number > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return new JobLogLimit(number * unit);
    }

    /** "100 MB" when it is a whole number of a unit, else the bytes. */
    @Override
    public String toString() {
        for (long unit : new long[] {GB, MB, KB}) {
            if (bytes % unit == 0) {
                return bytes / unit + (unit == GB ? " GB" : unit == MB ? " MB" : " KB");
            }
        }
        return bytes + " bytes";
    }
}
