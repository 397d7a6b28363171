package dev.slipway.promotion;

import java.time.Duration;

/** Durations as gate details show them: {@code 1.2s}, {@code 2s}, {@code 3m05s}, {@code 2h}. */
final class Elapsed {
    private Elapsed() {}

    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : String.format("%d.%ds", millis / 1000, millis % 1000 / 100);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds % 60 == 0 ? seconds / 60 + "m" : String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        long minutes = seconds / 60;
        return minutes % 60 == 0 ? minutes / 60 + "h" : String.format("%dh%02dm", minutes / 60, minutes % 60);
    }

    /** {@code sha256:} and the first 12 hex: enough to tell artifacts apart in a sentence. */
    static String digest(dev.slipway.artifact.Digest digest) {
        return "sha256:" + digest.shortForm();
    }

    static String commit(String sha) {
        return sha.substring(0, Math.min(7, sha.length()));
    }
}
