package dev.slipway.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** How the CLI shows times, hashes and texts in tables; a missing value is always {@code -}. */
final class Formats {
    static final String NONE = "-";

    private Formats() {}

    /** {@code 5s}, {@code 3m}, {@code 2h}, {@code 4d}: how long ago, to the largest whole unit. */
    static String age(String iso, Instant now) {
        Instant then = instant(iso);
        if (then == null) {
            return NONE;
        }
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /**
     * {@code 2026-11-22T02:59:55Z}: the moment itself, in UTC to the second, where an age would not do
     * (an audit trail, an expiry). A time the CLI cannot read is shown as the server sent it.
     */
    static String time(String iso) {
        Instant at = instant(iso);
        return at == null ? orNone(iso) : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * {@code 42s}, {@code 3m05s}, {@code 1h02m}: from start to finish, or to {@code now} while still
     * going; one more unit than an age because durations get compared.
     */
    static String duration(String startedIso, String finishedIso, Instant now) {
        Instant start = instant(startedIso);
        if (start == null) {
            return NONE;
        }
        Instant end = finishedIso == null ? now : instant(finishedIso);
        return end == null ? NONE : duration(start, end);
    }

    static String duration(Instant start, Instant end) {
        long seconds = Math.max(0, Duration.between(start, end).getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** The 7-character commit abbreviation git users recognise. */
    static String commit(String sha) {
        return sha == null ? NONE : sha.substring(0, Math.min(7, sha.length()));
    }

    /**
     * A deployed commit, and the commit its artifact was built from when that is another (an earlier commit with
     * the same tree, whose artifact was reused): {@code abc1234 (built at def5678)}.
     */
    static String commit(String sha, String builtFrom) {
        return builtFrom == null || builtFrom.equals(sha) ? commit(sha) : commit(sha) + " (built at " + commit(builtFrom) + ")";
    }

    /** {@code sha256:} dropped and 12 hex kept: enough to tell artifacts apart in a table. */
    static String digest(String digest) {
        if (digest == null) {
            return NONE;
        }
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    static String firstLine(String text) {
        if (text == null) {
            return NONE;
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
    }

    static String orNone(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** Null for a missing or unreadable time: a display problem must not fail the command. */
    static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(iso, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
