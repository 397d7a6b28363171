package dev.slipway.dora;

import dev.slipway.Problem;
import java.time.Duration;
import java.time.Instant;

/**
 * The look-back a report covers: the last 7, 30 or 90 days up to now, both ends included. Its bars are days, or weeks
 * over 90 days (13 bars, the last one 6 days long), counted from the window's start so that a bar never straddles it.
 */
public record DoraWindow(int days, Instant from, Instant to) {
    public static final int DEFAULT_DAYS = 30;

    /** The window of {@code days} ending at {@code now}; any other length than 7, 30 or 90 is refused, saying so. */
    public static DoraWindow of(int days, Instant now) {
        if (days != 7 && days != 30 && days != 90) {
            throw Problem.invalid("days must be 7, 30 or 90 (got " + days + "): the DORA figures are kept comparable "
                    + "over those three windows only");
        }
        return new DoraWindow(days, now.minus(Duration.ofDays(days)), now);
    }

    /** {@link #of(int, Instant)} for a query parameter: absent means 30; not a number is refused the same way. */
    public static DoraWindow parse(String days, Instant now) {
        if (days == null || days.isBlank()) {
            return of(DEFAULT_DAYS, now);
        }
        try {
            return of(Integer.parseInt(days.strip()), now);
        } catch (NumberFormatException e) {
            throw Problem.invalid("days must be 7, 30 or 90 (got '" + days + "')");
        }
    }

    /** How long one bar is: a day, or a week over 90 days. */
    public Duration bar() {
        return days == 90 ? Duration.ofDays(7) : Duration.ofDays(1);
    }

    /** "day" or "week". */
    public String barName() {
        return days == 90 ? "week" : "day";
    }

    public int bars() {
        long barDays = bar().toDays();
        return (int) ((days + barDays - 1) / barDays);
    }

    /** The bar {@code at} falls in (the window's end belongs to the last bar). */
    int barOf(Instant at) {
        long index = Duration.between(from, at).toMillis() / bar().toMillis();
        return (int) Math.min(Math.max(index, 0), bars() - 1);
    }

    Instant barStart(int index) {
        return from.plus(bar().multipliedBy(index));
    }
}
