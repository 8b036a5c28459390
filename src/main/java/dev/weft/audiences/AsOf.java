package dev.weft.audiences;

import dev.weft.definitions.Problem;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Where relative windows ("the last 7 days", {@code within_last}, {@code more_than_ago}) end: the wall
 * clock, a fixed instant, or the latest event of the events model (for historical data, such as the demo's).
 *
 * @param instant the fixed instant; null for the clock and for the latest event
 */
public record AsOf(Kind kind, Instant instant) {

    public enum Kind { CLOCK, INSTANT, LATEST_EVENT }

    public static final AsOf CLOCK = new AsOf(Kind.CLOCK, null);
    public static final AsOf LATEST_EVENT = new AsOf(Kind.LATEST_EVENT, null);

    /** A fixed reference time. */
    public static AsOf at(Instant instant) {
        return new AsOf(Kind.INSTANT, instant);
    }

    /** The spellings of "the latest event": the API's {@code latest_event}, and {@code latest-event} as YAML settings spell words. */
    static final List<String> LATEST_EVENT_WORDS = List.of("latest_event", "latest-event");

    /**
     * {@code latest_event} (or {@code latest-event}), or an ISO-8601 instant such as
     * {@code 2026-01-05T00:00:00Z}; otherwise the problem at {@code where} (a JSON Pointer, an option).
     */
    public static AsOf parse(String text, String where) {
        if (text != null && LATEST_EVENT_WORDS.contains(text.trim())) {
            return LATEST_EVENT;
        }
        try {
            return at(Instant.parse(text == null ? "" : text.trim()));
        } catch (DateTimeParseException e) {
            throw new InvalidAudienceException("invalid as_of", List.of(new Problem(where, "'" + text
                    + "' is neither latest_event nor an ISO-8601 instant such as 2026-01-05T00:00:00Z")));
        }
    }
}
