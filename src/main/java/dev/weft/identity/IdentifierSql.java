package dev.weft.identity;

import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.identity.IdentityConfig.NormalizeStep;
import dev.weft.phones.PhoneRule;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.Dialect;

import java.util.List;
import java.util.Locale;

import static dev.weft.warehouse.BoundSql.bind;
import static dev.weft.warehouse.BoundSql.concat;
import static dev.weft.warehouse.BoundSql.fill;

/**
 * Renders the config-driven SQL expressions: an identifier type's normalization of a raw column, and
 * its blocklist test. Patterns, replacements and blocked values from the config travel as binds.
 */
final class IdentifierSql {

    /**
     * What {@code trim} removes from both ends: ASCII whitespace and controls' spaces, every Unicode space
     * separator (no-break, en/em, thin, ideographic, ...) and the invisible zero-width characters (zero-width
     * space and joiners, word joiner, byte-order mark), which copy-paste and form fields leave behind.
     */
    static final String WHITESPACE = " \t\n\u000B\f\r\u0085\u00A0\u1680\u180E"
            + "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D"
            + "\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF";

    /** The rule name a blocklist value or pattern of the type's own reports. */
    static final String BLOCKLIST = "blocklist";

    private final Dialect d;

    IdentifierSql(Dialect d) {
        this.d = d;
    }

    /** The normalized text of {@code rawExpr} for the type; NULL when nothing is left. */
    BoundSql normalize(IdType type, String rawExpr) {
        BoundSql x = BoundSql.of(d.castToText(rawExpr));
        for (NormalizeStep step : type.normalize()) {
            x = switch (step.kind()) {
                case "lower" -> concat("LOWER(", x, ")");
                case "upper" -> concat("UPPER(", x, ")");
                case "trim" -> trim(x);
                case "email" -> concat("LOWER(", trim(x), ")");
                case "phone" -> PhoneRule.e164(d, x, step.defaultCountry());
                case "regex_replace" -> regexpReplace(x, bind(step.pattern()), bind(step.replacement()));
                default -> throw new IllegalStateException("normalization " + step.kind());
            };
        }
        return concat("NULLIF(", x, ", '')");
    }

    private BoundSql regexpReplace(BoundSql x, BoundSql pattern, BoundSql replacement) {
        return fill(d.regexpReplaceAll("\u0001", "\u0002", "\u0003"), x, pattern, replacement);
    }

    /**
     * {@link #WHITESPACE} off both ends. Most values start and end with a visible ASCII character and are kept
     * as they are: the engines' TRIM with a character set costs ten times a plain one per row.
     */
    private BoundSql trim(BoundSql x) {
        return concat("CASE WHEN ASCII(", x, ") BETWEEN 33 AND 126 AND ASCII(RIGHT(", x, ", 1)) BETWEEN 33 AND 126 THEN ", x,
                " ELSE ", fill(d.trimCharacters("\u0001", "\u0002"), x, bind(WHITESPACE)), " END");
    }

    private BoundSql regexpContains(BoundSql x, BoundSql pattern) {
        return fill(d.regexpContains("\u0001", "\u0002"), x, pattern);
    }

    /** True when the (normalized) value is junk or blocklisted for the type; never NULL for a non-NULL value. */
    BoundSql blocked(IdType type, String valueExpr) {
        return concat("(", junkRule(type, valueExpr), " IS NOT NULL)");
    }

    /**
     * The first of the type's junk rules the (normalized) value matches, then its own blocklist
     * ({@value #BLOCKLIST}); NULL when none does. Built-in rules compare the value lower-cased.
     */
    BoundSql junkRule(IdType type, String valueExpr) {
        BoundSql lower = BoundSql.of("LOWER(" + valueExpr + ")");
        BoundSql out = BoundSql.of("CASE");
        for (String label : type.junkRules()) {
            JunkRule rule = JunkRule.byLabel(label).orElseThrow();
            BoundSql test;
            if (rule.repeated()) {
                BoundSql bare = concat("TRANSLATE(", lower, ", ", bind(JunkRule.SEPARATORS), ", '')");
                // TRANSLATE costs twenty times a comparison per value (20 s over the 2M cookies of 1M people on DuckDB):
                // only values whose first, second and last characters allow the rule pay for it.
                BoundSql first = concat("SUBSTR(", lower, ", 1, 1)");
                test = concat(sameOrSeparator(first, concat("SUBSTR(", lower, ", 2, 1)")), " AND ",
                        sameOrSeparator(first, concat("RIGHT(", lower, ", 1)")),
                        " AND LENGTH(", bare, ") >= 3 AND REPLACE(", bare, ", SUBSTR(", bare, ", 1, 1), '') = ''");
            } else if (rule == JunkRule.PLACEHOLDER_EMAIL) {
                // Only values with an @ pay for the regular expression.
                test = concat(lower, " LIKE '%@%' AND ", anyOf(lower, rule.words(), rule.patterns()));
            } else {
                test = anyOf(lower, rule.words(), rule.patterns());
            }
            out = concat(out, " WHEN ", test, " THEN ", bind(label));
        }
        if (!type.blockedValues().isEmpty() || !type.blockedPatterns().isEmpty()) {
            // Values case-insensitively; patterns as written, on the value as normalized.
            BoundSql values = anyOf(lower, type.blockedValues().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList(), List.of());
            BoundSql patterns = anyOf(BoundSql.of(valueExpr), List.of(), type.blockedPatterns());
            out = concat(out, " WHEN ", values, " OR ", patterns, " THEN ", bind(BLOCKLIST));
        }
        return type.junkRules().isEmpty() && type.blockedValues().isEmpty() && type.blockedPatterns().isEmpty()
                ? BoundSql.of(d.castToText("NULL"))
                : concat(out, " END");
    }

    /**
     * True unless both characters are other than {@link JunkRule#SEPARATORS} and differ: a value made of one character
     * repeated, separators aside, passes for any two of its characters.
     */
    private static BoundSql sameOrSeparator(BoundSql a, BoundSql b) {
        List<String> separators = JunkRule.SEPARATORS.codePoints().mapToObj(Character::toString).toList();
        return concat("(", a, " = ", b, " OR ", isOneOf(a, separators), " OR ", isOneOf(b, separators), ")");
    }

    private static BoundSql isOneOf(BoundSql x, List<String> values) {
        BoundSql out = concat(x, " IN (");
        for (int i = 0; i < values.size(); i++) {
            out = concat(out, i == 0 ? "" : ", ", bind(values.get(i)));
        }
        return concat(out, ")");
    }

    /** True when {@code x} is one of the values or contains a match of one of the patterns. */
    private BoundSql anyOf(BoundSql x, List<String> values, List<String> patterns) {
        BoundSql out = BoundSql.of("(FALSE");
        if (!values.isEmpty()) {
            out = concat(out, " OR ", isOneOf(x, values));
        }
        for (String p : patterns) {
            out = concat(out, " OR ", regexpContains(x, bind(p)));
        }
        return concat(out, ")");
    }
}
