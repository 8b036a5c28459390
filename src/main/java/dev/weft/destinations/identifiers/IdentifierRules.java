package dev.weft.destinations.identifiers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import dev.weft.phones.PhoneCountry;
import dev.weft.phones.PhoneRule;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A vendor's normalization rules (Google Ads and Meta differ, e.g. gmail dots, name punctuation).
 *
 * <p>Google Ads (Customer Match, developers.google.com/google-ads/api/docs/remarketing/audience-types/customer-match
 * and its AddCustomerMatchUserList example): email and phone lower-cased with all whitespace removed, phones in
 * E.164 with the leading {@code +}; first and last names lower-cased and trimmed; country code and postal code
 * sent unhashed. Dots before {@code @gmail.com} / {@code @googlemail.com} are removed as Google's enhanced
 * conversions guide asks (Customer Match accepts either form).
 *
 * <p>Meta (developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences, "Hashing and
 * Normalizing Data"): EMAIL trimmed and lower-cased; PHONE digits only with the country code, no {@code +} or
 * leading zeros; FN/LN lower-case letters only, no punctuation, non-ASCII letters kept as UTF-8; CT a-z only
 * with no spaces; ST the 2-letter ANSI code for US states, otherwise a-z only; ZIP lower-case without spaces,
 * 5 digits for the US and area/district/sector for the UK; COUNTRY ISO 3166-1 alpha-2 lower-case; EXTERN_ID
 * sent unhashed.
 */
public final class IdentifierRules {

    public static final IdentifierRules GOOGLE_ADS = new IdentifierRules(Vendor.GOOGLE_ADS);
    public static final IdentifierRules META = new IdentifierRules(Vendor.META);

    private enum Vendor { GOOGLE_ADS, META }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_LETTER = Pattern.compile("[^\\p{L}\\p{M}]");
    private static final Pattern NOT_A_TO_Z = Pattern.compile("[^a-z]");
    private static final Pattern COMBINING_MARK = Pattern.compile("\\p{M}");
    private static final Pattern US_ZIP = Pattern.compile("(\\d{5})(?:-?\\d{4})?");
    // A full UK postcode: outward code (area + district), then sector digit and two-letter unit.
    private static final Pattern UK_POSTCODE = Pattern.compile("([a-z]{1,2}\\d[a-z\\d]?)(\\d)[a-z]{2}");
    private static final Set<IdentifierKind> GOOGLE_HASHED =
            Set.of(IdentifierKind.EMAIL, IdentifierKind.PHONE, IdentifierKind.FIRST_NAME, IdentifierKind.LAST_NAME);

    private final Vendor vendor;

    private IdentifierRules(Vendor vendor) {
        this.vendor = vendor;
    }

    /** Normalized value, or Invalid with a message naming the kind and why; never throws on bad input. */
    public Normalized normalize(IdentifierKind kind, Object raw, String defaultCountry) {
        if (raw == null) {
            return new Normalized.Absent();
        }
        String text = text(raw);
        if (text == null) {
            String shape = raw instanceof java.util.Collection<?> ? "list"
                    : raw instanceof java.util.Map<?, ?> ? "map" : raw.getClass().getSimpleName();
            return new Normalized.Invalid(kind + " must be a single text or number value, not a " + shape);
        }
        text = text.strip();
        if (text.isEmpty()) {
            return new Normalized.Absent();
        }
        return switch (kind) {
            case EMAIL -> email(text);
            case PHONE -> phone(text, defaultCountry);
            case FIRST_NAME, LAST_NAME -> name(kind, text);
            case CITY -> vendor == Vendor.META ? lettersAToZ(kind, text) : new Normalized.Valid(text);
            case STATE -> vendor == Vendor.META ? metaState(text) : new Normalized.Valid(text);
            case POSTAL_CODE -> vendor == Vendor.META ? metaZip(text) : new Normalized.Valid(text);
            case COUNTRY -> country(text);
            case EXTERNAL_ID -> new Normalized.Valid(text);
        };
    }

    /**
     * Whether the vendor wants this kind SHA-256 hashed ({@link #sha256Hex}) or sent in its normalized form:
     * Google takes country and postal code (and city, state, CRM id) in clear; Meta hashes all but EXTERN_ID.
     */
    public boolean hashed(IdentifierKind kind) {
        return vendor == Vendor.GOOGLE_ADS ? GOOGLE_HASHED.contains(kind) : kind != IdentifierKind.EXTERNAL_ID;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of a normalized value. */
    public static String sha256Hex(String normalized) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return vendor == Vendor.GOOGLE_ADS ? "Google Ads identifier rules" : "Meta identifier rules";
    }

    /** Text of a scalar value; numbers without a trailing ".0" (a phone read as a double), null for lists and maps. */
    private static String text(Object raw) {
        if (raw instanceof CharSequence chars) {
            return chars.toString();
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof java.math.BigInteger) {
            return raw.toString();
        }
        if (raw instanceof Number number) {
            try {
                BigDecimal decimal = new BigDecimal(number.toString());
                return decimal.stripTrailingZeros().scale() <= 0
                        ? decimal.toBigInteger().toString() : decimal.toPlainString();
            } catch (NumberFormatException e) {
                return number.toString(); // NaN, Infinity: rejected by the kind's own rules
            }
        }
        return null;
    }

    private Normalized email(String text) {
        String email = text.toLowerCase(Locale.ROOT);
        if (vendor == Vendor.GOOGLE_ADS) {
            email = WHITESPACE.matcher(email).replaceAll("");
        }
        if (!EMAIL_SHAPE.matcher(email).matches()) {
            return new Normalized.Invalid("EMAIL is not an email address (expected one @ and a domain with a dot)");
        }
        if (vendor == Vendor.GOOGLE_ADS) {
            int at = email.indexOf('@');
            String domain = email.substring(at + 1);
            if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
                email = email.substring(0, at).replace(".", "") + "@" + domain;
            }
        }
        return new Normalized.Valid(email);
    }

    /**
     * Weft's phone rule ({@link PhoneRule}, the same as identity's and the {@code e164} transform's), then the number
     * checked against its country's numbering plan. Without a default country a number without {@code +} is read as
     * carrying its country code, as Meta asks of phone numbers ("1-650-..." is +1 650 ...).
     */
    private Normalized phone(String text, String defaultCountry) {
        PhoneCountry country = null;
        if (defaultCountry != null && !defaultCountry.isBlank()) {
            country = PhoneCountry.ofRegion(defaultCountry).orElse(null);
            if (country == null) {
                return new Normalized.Invalid("PHONE cannot be read: default-country '" + defaultCountry
                        + "' is not an ISO 3166-1 alpha-2 country code");
            }
        }
        boolean international = PhoneRule.writtenInternationally(text);
        String input = country == null && !international ? "+" + text : text;
        String e164 = PhoneRule.e164(input, country);
        if (e164 == null) {
            return new Normalized.Invalid("PHONE is not a phone number"
                    + (country == null || international ? "" : " of default-country " + country.region()));
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, null);
        } catch (NumberParseException e) {
            return new Normalized.Invalid("PHONE is not a phone number (" + describe(e.getErrorType()) + ")");
        }
        if (!PHONES.isValidNumber(number)) {
            return new Normalized.Invalid("PHONE is not a valid number"
                    + (country == null || international ? "" : " for default-country " + country.region())
                    + " (wrong length or unassigned prefix)");
        }
        return new Normalized.Valid(vendor == Vendor.GOOGLE_ADS ? e164 : e164.substring(1));
    }

    private static String describe(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "no valid country code";
            case NOT_A_NUMBER -> "not a number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }

    private Normalized name(IdentifierKind kind, String text) {
        if (vendor == Vendor.GOOGLE_ADS) {
            return new Normalized.Valid(text.toLowerCase(Locale.ROOT));
        }
        String composed = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        String letters = NOT_LETTER.matcher(composed).replaceAll("");
        return letters.isEmpty()
                ? new Normalized.Invalid(kind + " has no letters")
                : new Normalized.Valid(letters);
    }

    /** Meta's "a-z only, no special characters": accents are dropped from their letters, other characters removed. */
    private static Normalized lettersAToZ(IdentifierKind kind, String text) {
        String letters = aToZ(text);
        return letters.isEmpty()
                ? new Normalized.Invalid(kind + " has no letters a-z")
                : new Normalized.Valid(letters);
    }

    private static String aToZ(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String unaccented = COMBINING_MARK.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        return NOT_A_TO_Z.matcher(unaccented).replaceAll("");
    }

    private static Normalized metaState(String text) {
        String letters = aToZ(text);
        if (letters.isEmpty()) {
            return new Normalized.Invalid("STATE has no letters a-z");
        }
        return new Normalized.Valid(UsStates.codeOf(letters).orElse(letters));
    }

    private static Normalized metaZip(String text) {
        String zip = WHITESPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
        var us = US_ZIP.matcher(zip);
        if (us.matches()) {
            return new Normalized.Valid(us.group(1));
        }
        var uk = UK_POSTCODE.matcher(zip);
        if (uk.matches()) {
            return new Normalized.Valid(uk.group(1) + uk.group(2));
        }
        return new Normalized.Valid(zip);
    }

    private Normalized country(String text) {
        return Countries.alpha2Of(text)
                .<Normalized>map(code -> new Normalized.Valid(
                        vendor == Vendor.GOOGLE_ADS ? code : code.toLowerCase(Locale.ROOT)))
                .orElseGet(() -> new Normalized.Invalid(
                        "COUNTRY is not an ISO 3166-1 country code (alpha-2 or alpha-3) or English country name"));
    }
}
