package dev.weft.destinations.identifiers;

import dev.weft.phones.PhoneRule;
import dev.weft.phones.PhoneVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published test vectors per vendor (src/test/resources/identifiers/*.csv): each row's raw input must
 * normalize to the expected value, and hashed kinds must hash to the expected SHA-256 computed outside Java.
 */
class IdentifierRulesTest {

    @ParameterizedTest(name = "Google Ads {0} [{1}] -> {3} {4}")
    @CsvFileSource(resources = "/identifiers/google-ads.csv", numLinesToSkip = 1, encoding = "UTF-8")
    void googleAdsVectors(IdentifierKind kind, String raw, String defaultCountry, String outcome, String expected,
                          String sha256) {
        check(IdentifierRules.GOOGLE_ADS, kind, raw, defaultCountry, outcome, expected, sha256);
    }

    @ParameterizedTest(name = "Meta {0} [{1}] -> {3} {4}")
    @CsvFileSource(resources = "/identifiers/meta.csv", numLinesToSkip = 1, encoding = "UTF-8")
    void metaVectors(IdentifierKind kind, String raw, String defaultCountry, String outcome, String expected,
                     String sha256) {
        check(IdentifierRules.META, kind, raw, defaultCountry, outcome, expected, sha256);
    }

    /**
     * Destinations read phones by the rule identity and the {@code e164} transform share (the shared vectors), then
     * check the number against its country's plan; every valid vector is a valid number, so both agree. Vectors of
     * national numbers without a default country do not apply: a connection without {@code default-country} reads
     * such digits as carrying their country code, as Meta asks.
     */
    @Test
    void phonesFollowTheSharedVectors() {
        int checked = 0;
        for (PhoneVectors v : PhoneVectors.all()) {
            if (v.defaultCountry() == null && !PhoneRule.writtenInternationally(v.input())) {
                continue;
            }
            Normalized normalized = IdentifierRules.GOOGLE_ADS.normalize(IdentifierKind.PHONE, v.input(), v.defaultCountry());
            if (v.e164() == null) {
                assertThat(normalized).as("%s [%s]: %s", v.input(), v.defaultCountry(), v.why()).isInstanceOf(Normalized.Invalid.class);
            } else {
                assertThat(normalized).as("%s [%s]: %s", v.input(), v.defaultCountry(), v.why()).isEqualTo(new Normalized.Valid(v.e164()));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    private static void check(IdentifierRules rules, IdentifierKind kind, String raw, String defaultCountry,
                              String outcome, String expected, String sha256) {
        Normalized normalized = rules.normalize(kind, raw, defaultCountry);
        switch (outcome) {
            case "VALID" -> {
                assertThat(normalized).isEqualTo(new Normalized.Valid(expected));
                assertThat(rules.hashed(kind)).as("whether %s is hashed", kind).isEqualTo(sha256 != null);
                if (sha256 != null) {
                    assertThat(IdentifierRules.sha256Hex(expected)).isEqualTo(sha256);
                }
            }
            case "INVALID" -> {
                assertThat(normalized).isInstanceOf(Normalized.Invalid.class);
                String message = ((Normalized.Invalid) normalized).message();
                assertThat(message).contains(expected).startsWith(kind.name());
                if (raw != null && raw.strip().length() > 3 && kind != IdentifierKind.PHONE) {
                    assertThat(message).as("personal data is not echoed").doesNotContain(raw.strip());
                }
            }
            case "ABSENT" -> assertThat(normalized).isEqualTo(new Normalized.Absent());
            default -> throw new IllegalArgumentException("unknown outcome " + outcome);
        }
    }

    @Test
    void numbersFromTheWarehouseReadWithoutExponentOrDecimals() {
        assertThat(IdentifierRules.META.normalize(IdentifierKind.PHONE, 1.2023095976E10, null))
                .isEqualTo(new Normalized.Valid("12023095976"));
        assertThat(IdentifierRules.GOOGLE_ADS.normalize(IdentifierKind.PHONE, 2125650000L, "US"))
                .isEqualTo(new Normalized.Valid("+12125650000"));
        assertThat(IdentifierRules.META.normalize(IdentifierKind.POSTAL_CODE, 94025, null))
                .isEqualTo(new Normalized.Valid("94025"));
    }

    @Test
    void listsAndMapsAreInvalidNotStringified() {
        assertThat(IdentifierRules.META.normalize(IdentifierKind.EMAIL, List.of("a@example.com"), null))
                .isEqualTo(new Normalized.Invalid("EMAIL must be a single text or number value, not a list"));
        assertThat(IdentifierRules.GOOGLE_ADS.normalize(IdentifierKind.COUNTRY, Map.of(), null))
                .isEqualTo(new Normalized.Invalid("COUNTRY must be a single text or number value, not a map"));
    }

    @Test
    void sha256HexIsLowerCaseHexOfUtf8() {
        // Meta's published example (Custom Audiences targeting guide).
        assertThat(IdentifierRules.sha256Hex("mary@example.com"))
                .isEqualTo("f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79");
        assertThat(IdentifierRules.sha256Hex("josé")).isEqualTo(IdentifierRules.sha256Hex("jos\u00e9"))
                .hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void vendorsHashDifferentKinds() {
        assertThat(IdentifierRules.GOOGLE_ADS.hashed(IdentifierKind.COUNTRY)).isFalse();
        assertThat(IdentifierRules.GOOGLE_ADS.hashed(IdentifierKind.POSTAL_CODE)).isFalse();
        assertThat(IdentifierRules.GOOGLE_ADS.hashed(IdentifierKind.EMAIL)).isTrue();
        assertThat(IdentifierRules.META.hashed(IdentifierKind.COUNTRY)).isTrue();
        assertThat(IdentifierRules.META.hashed(IdentifierKind.EXTERNAL_ID)).isFalse();
    }
}
