package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.identifiers.IdentifierKind;
import dev.weft.destinations.identifiers.IdentifierRules;
import dev.weft.destinations.identifiers.Normalized;
import dev.weft.destinations.http.VendorHttp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Customer Match {@code userIdentifiers} of one record: {@code hashedEmail}, {@code hashedPhoneNumber}
 * (E.164), {@code addressInfo} (hashed first and last name with the country code and postal code in clear;
 * Google matches an address only with all four) and {@code thirdPartyUserId} (in clear, for lists keyed by
 * CRM id). Values are normalized and SHA-256 hashed by the shared identifier library under Google's rules.
 * (developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started)
 */
final class UserIdentifiers {

    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String FIRST_NAME = "first_name";
    static final String LAST_NAME = "last_name";
    static final String COUNTRY_CODE = "country_code";
    static final String POSTAL_CODE = "postal_code";
    static final String THIRD_PARTY_USER_ID = "third_party_user_id";

    private static final IdentifierRules RULES = IdentifierRules.GOOGLE_ADS;

    /** The identifiers to send (possibly none) and, for each mapped value that cannot be used, why. */
    record Built(ArrayNode identifiers, List<String> problems) {

        /** Why nothing can be sent for the record, naming every field at fault. */
        String whyNone() {
            return problems.isEmpty()
                    ? "no identifier: map at least one of email, phone, third_party_user_id, or first_name, last_name, "
                    + "country_code and postal_code together"
                    : "no usable identifier: " + String.join("; ", problems);
        }
    }

    private UserIdentifiers() {
    }

    /** Builds a record's identifiers; {@code defaultCountry} reads national phone numbers and fills a missing country code. */
    static Built of(Map<String, Object> fields, String defaultCountry) {
        ArrayNode identifiers = VendorHttp.JSON.createArrayNode();
        List<String> problems = new ArrayList<>();
        String email = usable(EMAIL, IdentifierKind.EMAIL, fields, defaultCountry, problems);
        if (email != null) {
            identifiers.addObject().put("hashedEmail", IdentifierRules.sha256Hex(email));
        }
        String phone = usable(PHONE, IdentifierKind.PHONE, fields, defaultCountry, problems);
        if (phone != null) {
            identifiers.addObject().put("hashedPhoneNumber", IdentifierRules.sha256Hex(phone));
        }
        address(fields, defaultCountry, problems, identifiers);
        String thirdPartyUserId = usable(THIRD_PARTY_USER_ID, IdentifierKind.EXTERNAL_ID, fields, defaultCountry, problems);
        if (thirdPartyUserId != null) {
            identifiers.addObject().put("thirdPartyUserId", thirdPartyUserId);
        }
        return new Built(identifiers, problems);
    }

    private static void address(Map<String, Object> fields, String defaultCountry, List<String> problems, ArrayNode identifiers) {
        if (!fields.containsKey(FIRST_NAME) && !fields.containsKey(LAST_NAME) && !fields.containsKey(POSTAL_CODE)) {
            return; // no address mapped (a country alone is no identifier)
        }
        List<String> addressProblems = new ArrayList<>();
        String first = usable(FIRST_NAME, IdentifierKind.FIRST_NAME, fields, defaultCountry, addressProblems);
        String last = usable(LAST_NAME, IdentifierKind.LAST_NAME, fields, defaultCountry, addressProblems);
        String postal = usable(POSTAL_CODE, IdentifierKind.POSTAL_CODE, fields, defaultCountry, addressProblems);
        int beforeCountry = addressProblems.size();
        String country = usable(COUNTRY_CODE, IdentifierKind.COUNTRY, fields, defaultCountry, addressProblems);
        if (country == null && addressProblems.size() == beforeCountry) {
            country = defaultCountry; // not mapped or blank: the connection's default country (an invalid one is reported)
        }
        problems.addAll(addressProblems);
        List<String> missing = new ArrayList<>();
        if (first == null) {
            missing.add(FIRST_NAME);
        }
        if (last == null) {
            missing.add(LAST_NAME);
        }
        if (country == null) {
            missing.add(COUNTRY_CODE);
        }
        if (postal == null) {
            missing.add(POSTAL_CODE);
        }
        if (!missing.isEmpty()) {
            if (addressProblems.isEmpty()) {
                problems.add("address: Google matches an address only with first_name, last_name, country_code and "
                        + "postal_code together (missing " + String.join(", ", missing) + ")");
            }
            return;
        }
        ObjectNode address = identifiers.addObject().putObject("addressInfo");
        address.put("hashedFirstName", IdentifierRules.sha256Hex(first));
        address.put("hashedLastName", IdentifierRules.sha256Hex(last));
        address.put("countryCode", country);
        address.put("postalCode", postal);
    }

    /** The normalized value of a mapped field, or null (absent, or invalid with the reason added to problems). */
    private static String usable(String field, IdentifierKind kind, Map<String, Object> fields, String defaultCountry,
                                 List<String> problems) {
        Normalized normalized = RULES.normalize(kind, fields.get(field), defaultCountry);
        if (normalized instanceof Normalized.Valid valid) {
            return valid.value();
        }
        if (normalized instanceof Normalized.Invalid invalid) {
            problems.add("field '" + field + "': " + invalid.message());
        }
        return null;
    }
}
