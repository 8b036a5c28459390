package dev.weft;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Intervals as workspace files write them: a whole number and a unit, {@code 90s}, {@code 30m}, {@code 6h}, {@code 3d}. */
public final class Intervals {

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private Intervals() {
    }

    /** The interval {@code text} names, or null when it is not one (or too long for a {@link Duration}). */
    public static Duration parse(String text) {
        Matcher m = INTERVAL.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException | NumberFormatException tooLong) {
            return null;
        }
    }
}
