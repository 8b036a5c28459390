package dev.weft.phones;

import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.Dialect;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static dev.weft.warehouse.BoundSql.concat;
import static dev.weft.warehouse.BoundSql.fill;

/**
 * Weft's one rule for reading a phone number as E.164 ({@code +} and 7 to 15 digits), shared by identity, the syncs'
 * {@code e164} transform and the destinations, in SQL for the warehouse and in Java for the destinations, step for
 * step the same (the shared test vectors hold both to it):
 * <ol>
 *   <li>an extension is dropped: everything from {@code ext}, {@code x}, {@code #}, {@code ;} or {@code ,} on
 *       (any case);</li>
 *   <li>a trunk prefix in brackets, {@code (0)}, is dropped ({@code +44 (0) 20 ...});</li>
 *   <li>written internationally (a {@code +} before the first digit, or the digits start with {@code 00}): the digits
 *       after it are the country code and the number;</li>
 *   <li>otherwise it is a national number of the default country: its trunk prefix, when the digits start with it, is
 *       dropped, and what is left must be a number of that country's numbering plan (libphonenumber's pattern), or
 *       there is no phone number; without a default country a national number has none either;</li>
 *   <li>fewer than 7 or more than 15 digits in all is not a phone number.</li>
 * </ol>
 */
public final class PhoneRule {

    /** What is not part of the number: an extension (and all after it), a trunk prefix in brackets, any non-digit. */
    private static final String NOT_NUMBER = "(ext|x|#|;|,).*$|[(]0[)]|[^0-9]";
    private static final String INTERNATIONAL = "^[^0-9]*[+]";
    private static final Pattern NOT_NUMBER_PATTERN = Pattern.compile(NOT_NUMBER);
    private static final Pattern INTERNATIONAL_PATTERN = Pattern.compile(INTERNATIONAL);
    private static final Map<String, Pattern> NATIONAL_PATTERNS = new ConcurrentHashMap<>();

    private PhoneRule() {
    }

    /** The E.164 form of {@code raw}, or null when the rule finds no phone number in it. */
    public static String e164(String raw, PhoneCountry defaultCountry) {
        if (raw == null) {
            return null;
        }
        String digits = NOT_NUMBER_PATTERN.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("");
        if (INTERNATIONAL_PATTERN.matcher(raw).find()) {
            return digits.length() >= 7 && digits.length() <= 15 ? "+" + digits : null;
        }
        if (digits.startsWith("00")) {
            return digits.length() >= 9 && digits.length() <= 17 ? "+" + digits.substring(2) : null;
        }
        if (defaultCountry == null) {
            return null;
        }
        String trunk = defaultCountry.trunkPrefix();
        String national = trunk != null && digits.startsWith(trunk) ? digits.substring(trunk.length()) : digits;
        int length = defaultCountry.callingCode().length() + national.length();
        return NATIONAL_PATTERNS.computeIfAbsent(defaultCountry.nationalPattern(), Pattern::compile).matcher(national).matches()
                && length >= 7 && length <= 15 ? "+" + defaultCountry.callingCode() + national : null;
    }

    /** True when the number carries its own country code: a {@code +} before its first digit, or {@code 00}. */
    public static boolean writtenInternationally(String raw) {
        return INTERNATIONAL_PATTERN.matcher(raw).find()
                || NOT_NUMBER_PATTERN.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("").startsWith("00");
    }

    /**
     * {@link #e164} in the warehouse: {@code text} is a text expression; the result is NULL where Java's is null.
     * The patterns, the calling code and the trunk prefix are written as literals: they come from this class and
     * from libphonenumber's metadata (digits and the characters of regular expressions, never a quote), not from
     * data or users.
     */
    public static BoundSql e164(Dialect d, BoundSql text, PhoneCountry defaultCountry) {
        BoundSql digits = fill(d.regexpReplaceAll("\u0001", literal(NOT_NUMBER), "''"), concat("LOWER(", text, ")"));
        BoundSql out = concat("CASE WHEN ", fill(d.regexpContains("\u0001", literal(INTERNATIONAL)), text),
                " THEN CASE WHEN LENGTH(", digits, ") BETWEEN 7 AND 15 THEN '+' || ", digits, " END",
                " WHEN ", digits, " LIKE '00%' THEN CASE WHEN LENGTH(", digits, ") BETWEEN 9 AND 17 THEN '+' || SUBSTR(",
                digits, ", 3) END");
        if (defaultCountry != null) {
            String trunk = defaultCountry.trunkPrefix();
            BoundSql national = trunk == null ? digits
                    : fill(d.regexpReplaceAll("\u0001", literal("^" + trunk), "''"), digits);
            int codeLength = defaultCountry.callingCode().length();
            out = concat(out, " WHEN ", fill(d.regexpContains("\u0001", literal("^(" + defaultCountry.nationalPattern() + ")$")),
                    national), " AND LENGTH(", national, ") BETWEEN ", String.valueOf(7 - codeLength), " AND ",
                    String.valueOf(15 - codeLength), " THEN ", literal("+" + defaultCountry.callingCode()), " || ", national);
        }
        return concat(out, " END");
    }

    /** A constant of the rule as a SQL string literal; no backslashes, which BigQuery and Snowflake read as escapes. */
    private static String literal(String text) {
        if (text.indexOf('\'') >= 0 || text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("not a phone rule constant: " + text);
        }
        return "'" + text + "'";
    }
}
