package dev.weft.phones;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@link PhoneRule} needs to know of the country a national number is written in, read from libphonenumber's
 * metadata (the numbering plans Google maintains for every country): its calling code, its national trunk prefix
 * ({@code 0} in most of Europe, {@code 1} in North America, none in Italy) and the pattern every national number of
 * the country matches.
 *
 * @param region          ISO 3166-1 alpha-2 code, upper case
 * @param callingCode     the country calling code, digits
 * @param trunkPrefix     the national trunk prefix, digits, or null when the country has none
 * @param nationalPattern a regular expression every national significant number of the country matches in full,
 *                        in the subset every engine's regular expressions share ({@code [0-9]}, groups, {@code |},
 *                        {@code {n,m}})
 */
public record PhoneCountry(String region, String callingCode, String trunkPrefix, String nationalPattern) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** The country of an ISO 3166-1 alpha-2 code (any case), if libphonenumber knows it. */
    public static Optional<PhoneCountry> ofRegion(String isoCode) {
        String region = isoCode == null ? "" : isoCode.strip().toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(region)) {
            return Optional.empty();
        }
        PhoneMetadata metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource()
                .getMetadataForRegion(region);
        String trunk = PHONES.getNddPrefixForRegion(region, true);
        return Optional.of(new PhoneCountry(region, String.valueOf(metadata.getCountryCode()),
                trunk == null || trunk.isEmpty() ? null : trunk,
                portable(metadata.getGeneralDesc().getNationalNumberPattern())));
    }

    /** The main country of a calling code ({@code 1} is the US, {@code 44} the UK), if the code is assigned. */
    public static Optional<PhoneCountry> ofCallingCode(String callingCode) {
        if (callingCode == null || !callingCode.matches("[1-9][0-9]{0,2}")) {
            return Optional.empty();
        }
        String region = PHONES.getRegionCodeForCountryCode(Integer.parseInt(callingCode));
        return PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) || "ZZ".equals(region)
                ? Optional.empty() : ofRegion(region);
    }

    /** libphonenumber's patterns use {@code \d} and {@code (?:...)}; POSIX engines (Snowflake) know neither. */
    private static String portable(String pattern) {
        return pattern.replace("\\d", "[0-9]").replace("(?:", "(");
    }
}
