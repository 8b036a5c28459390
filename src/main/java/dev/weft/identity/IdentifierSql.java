package dev.weft.identity;

import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.identity.IdentityConfig.NormalizeStep;
import dev.weft.warehouse.Dialect;

import java.util.Locale;

import static dev.weft.identity.BoundSql.bind;
import static dev.weft.identity.BoundSql.concat;

/**
 * Renders the config-driven SQL expressions: an identifier type's normalization of a raw column, and
 * its blocklist test. Patterns, replacements and blocked values from the config travel as binds.
 */
final class IdentifierSql {

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
                case "trim" -> concat("TRIM(", x, ")");
                case "email" -> concat("LOWER(TRIM(", x, "))");
                case "phone" -> phone(x, step.defaultCountryCode());
                case "regex_replace" -> regexpReplace(x, bind(step.pattern()), bind(step.replacement()));
                default -> throw new IllegalStateException("normalization " + step.kind());
            };
        }
        return concat("NULLIF(", x, ", '')");
    }

    private BoundSql regexpReplace(BoundSql x, BoundSql pattern, BoundSql replacement) {
        // The dialect renders around placeholders; split on them to keep each part's binds in place.
        String shape = d.regexpReplaceAll("\u0001", "\u0002", "\u0003");
        String[] a = shape.split("\u0001", -1);
        String[] b = a[1].split("\u0002", -1);
        String[] c = b[1].split("\u0003", -1);
        return concat(a[0], x, b[0], pattern, c[0], replacement, c[1]);
    }

    /**
     * E.164: '+' and digits. A leading '+' or '00' already carries the country code; a leading 0 is a
     * national trunk prefix; ten digits or fewer are a national number in the default country. Fewer
     * than 7 or more than 15 digits is not a phone number (NULL).
     */
    private BoundSql phone(BoundSql x, String country) {
        BoundSql digits = regexpReplace(x, BoundSql.of("'[^0-9]'"), BoundSql.of("''"));
        return concat("CASE WHEN LENGTH(", digits, ") BETWEEN 7 AND 15 THEN CASE",
                " WHEN TRIM(", x, ") LIKE '+%' THEN '+' || ", digits,
                " WHEN ", digits, " LIKE '00%' THEN '+' || SUBSTR(", digits, ", 3)",
                " WHEN ", digits, " LIKE '0%' THEN '+' || ", bind(country), " || SUBSTR(", digits, ", 2)",
                " WHEN LENGTH(", digits, ") <= 10 THEN '+' || ", bind(country), " || ", digits,
                " ELSE '+' || ", digits, " END END");
    }

    /** True when the (normalized) value is blocklisted for the type; never NULL for a non-NULL value. */
    BoundSql blocked(IdType type, String valueExpr) {
        BoundSql out = BoundSql.of("(FALSE");
        if (!type.blockedValues().isEmpty()) {
            out = concat(out, " OR LOWER(" + valueExpr + ") IN (");
            for (int i = 0; i < type.blockedValues().size(); i++) {
                out = concat(out, i == 0 ? "" : ", ", bind(type.blockedValues().get(i).toLowerCase(Locale.ROOT)));
            }
            out = concat(out, ")");
        }
        for (String p : type.blockedPatterns()) {
            String shape = d.regexpContains(valueExpr, "\u0001");
            String[] parts = shape.split("\u0001", -1);
            out = concat(out, " OR ", parts[0], bind(p), parts[1]);
        }
        return concat(out, ")");
    }
}
