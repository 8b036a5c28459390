package dev.weft.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Built-in junk detection: values no real identifier of any type has, which would join strangers who all
 * carry them. Every rule applies to every identifier type unless a type switches it off
 * ({@code junk: {off: [...]}}); values are tested after normalization, lower-cased. Documented in
 * docs/identity.md, section Junk.
 */
enum JunkRule {
    /** Placeholder words a form, an SDK or a serializer writes where the value is missing. */
    PLACEHOLDER_WORD(List.of("", "null", "none", "nil", "undefined", "unknown", "anonymous", "anon", "guest", "n/a", "na",
            "not available", "not set", "(not set)", "empty", "default", "test", "[object object]", "-", "--", "?", "."),
            List.of(), false),
    /** Numbers standing for "no value": 0, 1, -1 (with zeros after the point), NaN and infinities. */
    PLACEHOLDER_NUMBER(List.of(), List.of("^[-+]?(0+|1|0*\\.0+|0+\\.0*|1\\.0+|nan|inf|infinity)$"), false),
    /**
     * Test, no-reply and documentation addresses, whatever the type (a user_id may be an email). One pattern per
     * rule: each regular expression is a pass over every distinct value.
     */
    PLACEHOLDER_EMAIL(List.of(), List.of(
            "^(test|testing|tester|noreply|no-reply|no_reply|donotreply|do-not-reply|do_not_reply|nobody|none|null|noemail|no-email|unknown|anonymous|guest)@"
            + "|@(test|example|email|domain|noemail|invalid|localhost)\\.(com|org|net)$"
            + "|@([^@]*\\.)?(example|test|invalid|localhost)$"), false),
    /**
     * One character repeated, separators aside: {@code 00000000}, {@code aaaa}, {@code xxxxxxxx-xxxx-...}, the
     * all-zero UUID or IDFA {@code 00000000-0000-0000-0000-000000000000}. Three characters or more.
     */
    REPEATED_CHARACTER(List.of(), List.of(), true);

    /** Characters {@link #REPEATED_CHARACTER} ignores between the repeated ones. */
    static final String SEPARATORS = "-_.: ";

    private final List<String> words;
    private final List<String> patterns;
    private final boolean repeated;

    JunkRule(List<String> words, List<String> patterns, boolean repeated) {
        this.words = words;
        this.patterns = patterns;
        this.repeated = repeated;
    }

    /** As written in the config and the report: {@code placeholder_word}. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whole values the rule drops (lower-case). */
    List<String> words() {
        return words;
    }

    List<String> patterns() {
        return patterns;
    }

    boolean repeated() {
        return repeated;
    }

    static Optional<JunkRule> byLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst();
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(JunkRule::label).toList();
    }
}
