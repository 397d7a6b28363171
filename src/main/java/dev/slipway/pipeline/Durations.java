package dev.slipway.pipeline;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in a pipeline file: "500ms", "30s", "10m", "2h", "1d", "1h30m". */
public final class Durations {
    /** The accepted form, worded to follow "must be" in an error message. */
    static final String EXPECTED = "a duration like 30s, 10m, 1h30m or 1d (units: ms, s, m, h, d)";

    // nine digits keep any sum far from overflowing toMillis() or Instant arithmetic
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    // largest first: "1h30m" is fine, "30m1h" or "1m1m" is a typo worth reporting
    private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");
    private static final List<ChronoUnit> CHRONO =
            List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS, ChronoUnit.MILLIS);

    private Durations() {}

    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int previousUnit = -1;
        int position = 0;
        while (position < text.length()) {
            part.region(position, text.length());
            if (!part.lookingAt()) {
                throw invalid(text);
            }
            int unit = UNITS.indexOf(part.group(2));
            if (unit <= previousUnit) {
                throw invalid(text);
            }
            total = total.plus(Duration.of(Long.parseLong(part.group(1)), CHRONO.get(unit)));
            previousUnit = unit;
            position = part.end();
        }
        if (position == 0) {
            throw invalid(text);
        }
        return total;
    }

    /** The shortest text that {@link #parse} reads back as {@code duration}, e.g. "1h30m"; for messages. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(UNITS.get(i));
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("expected " + EXPECTED + ", got '" + text + "'");
    }
}
