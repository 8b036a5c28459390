package dev.weft.web;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times and counts, available to every template as {@code fmt}. */
public final class Formats {

    static final Formats INSTANCE = new Formats();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** A time in UTC to the second; a dash for none. */
    public String time(@Nullable Object when) {
        if (when instanceof Instant i) {
            return TIME.format(i);
        }
        if (when instanceof LocalDateTime t) {
            return TIME.format(t.toInstant(ZoneOffset.UTC));
        }
        return "—";
    }

    /** A count with thousands separators; a dash for none. */
    public String count(@Nullable Number n) {
        return n == null ? "—" : String.format(Locale.ROOT, "%,d", n.longValue());
    }
}
