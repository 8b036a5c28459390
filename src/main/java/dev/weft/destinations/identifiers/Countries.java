package dev.weft.destinations.identifiers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;

/** ISO 3166-1 countries by alpha-2 code, alpha-3 code or English name, from the JDK's own table. */
final class Countries {

    private static final Map<String, String> ALPHA2_BY_KEY = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            Locale locale = new Locale("", alpha2);
            ALPHA2_BY_KEY.put(key(alpha2), alpha2);
            ALPHA2_BY_KEY.put(key(locale.getDisplayCountry(Locale.ENGLISH)), alpha2);
            try {
                ALPHA2_BY_KEY.put(key(locale.getISO3Country()), alpha2);
            } catch (MissingResourceException e) {
                // a code without an alpha-3 equivalent is still found by alpha-2 and name
            }
        }
        // Common English names that differ from the JDK's display names.
        ALPHA2_BY_KEY.put(key("United States of America"), "US");
        ALPHA2_BY_KEY.put(key("UK"), "GB");
        ALPHA2_BY_KEY.put(key("Great Britain"), "GB");
    }

    private Countries() {
    }

    /** The upper-case alpha-2 code for a code or English name, in any case and spacing. */
    static Optional<String> alpha2Of(String text) {
        return Optional.ofNullable(ALPHA2_BY_KEY.get(key(text)));
    }

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
