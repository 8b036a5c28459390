package dev.weft.syncs;

import dev.weft.phones.PhoneCountry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A value transform applied in the warehouse while mapping, in the order listed. Written as its name, or for
 * {@code e164} optionally with the default country of numbers written without a country code: {@code e164:US}.
 *
 * @param defaultCountry for {@link Kind#E164} only: where national numbers are read, or null (they become null)
 */
public record Transform(Kind kind, PhoneCountry defaultCountry) {

    public enum Kind {
        /** lower-case */
        LOWER,
        /** upper-case */
        UPPER,
        /** strip surrounding white space */
        TRIM,
        /** a phone number to E.164 by Weft's phone rule (docs/identity.md#phone-numbers) */
        E164,
        /** lower-case hex SHA-256 of the text (for destinations that match on hashed identifiers) */
        SHA256;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String NAMES = "lower, upper, trim, e164, e164:<country> (ISO code, e.g. e164:US), sha256";

    public Transform(Kind kind) {
        this(kind, null);
    }

    public String configName() {
        return kind.configName() + (defaultCountry == null ? "" : ":" + defaultCountry.region());
    }

    /** The transform a name stands for ({@code trim}, {@code e164:GB}), or empty with nothing known by it. */
    public static Optional<Transform> named(String name) {
        String[] parts = name.split(":", 2);
        Optional<Kind> kind = Arrays.stream(Kind.values()).filter(k -> k.configName().equals(parts[0])).findFirst();
        if (kind.isEmpty() || parts.length == 1) {
            return kind.map(Transform::new);
        }
        if (kind.get() != Kind.E164) {
            return Optional.empty();
        }
        return PhoneCountry.ofRegion(parts[1]).map(country -> new Transform(Kind.E164, country));
    }
}
