package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.DestinationField;
import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;
import dev.weft.destinations.identifiers.IdentifierKind;
import dev.weft.destinations.identifiers.IdentifierRules;
import dev.weft.destinations.identifiers.Normalized;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A record's mapped fields as a Klaviyo profile's attributes (the shape Bulk Import Profiles takes):
 * identifiers and standard attributes at the top, {@code location.*} under {@code location}, custom
 * {@code properties.*} under {@code properties}. Identifiers are normalized and checked with the shared
 * identifier library before anything is sent, so a row Klaviyo would refuse is reported on its own and
 * never leaves Weft.
 *
 * <p>Shape: https://github.com/klaviyo/openapi/blob/main/openapi/stable/apis/bulk_import_profiles.json
 * ({@code ProfileUpsertQueryResourceObject}: phone_number "in E.164 format"; {@code ProfileLocation}).
 */
final class KlaviyoProfiles {

    static final String EMAIL = "email";
    static final String PHONE_NUMBER = "phone_number";
    static final String EXTERNAL_ID = "external_id";
    static final List<String> IDENTIFIERS = List.of(EMAIL, PHONE_NUMBER, EXTERNAL_ID);

    private static final List<String> ATTRIBUTES = List.of("first_name", "last_name", "organization", "title",
            "locale", "image");
    private static final List<String> LOCATION = List.of("address1", "address2", "city", "country", "region", "zip",
            "timezone", "ip", "latitude", "longitude");
    private static final String PROPERTIES = "properties.";

    private final String identifier;
    private final String defaultCountry;

    /**
     * @param identifier     the field every record must carry (and removals look profiles up by)
     * @param defaultCountry ISO 3166-1 alpha-2 country of phone numbers written without a country code, or null
     */
    KlaviyoProfiles(String identifier, String defaultCountry) {
        this.identifier = identifier;
        this.defaultCountry = defaultCountry;
    }

    /** The catalogue mappings are validated against; {@code identifier} is the one every record must carry. */
    static List<DestinationField> catalogue(String identifier) {
        List<DestinationField> fields = new ArrayList<>();
        fields.add(new DestinationField(EMAIL, "email", true, identifier.equals(EMAIL)));
        fields.add(new DestinationField(PHONE_NUMBER, "phone", true, identifier.equals(PHONE_NUMBER)));
        fields.add(new DestinationField(EXTERNAL_ID, "string", true, identifier.equals(EXTERNAL_ID)));
        ATTRIBUTES.forEach(name -> fields.add(new DestinationField(name, "string", false, false)));
        LOCATION.forEach(name -> fields.add(new DestinationField("location." + name,
                name.equals("latitude") || name.equals("longitude") ? "number" : "string", false, false)));
        fields.add(new DestinationField(PROPERTIES + "*", "string", false, false));
        return List.copyOf(fields);
    }

    /**
     * An identifier field's value as Klaviyo matches it. Emails are trimmed and lower-cased (Meta's rules
     * are exactly that; Google's would drop gmail dots, changing the address Klaviyo mails); phone numbers
     * go to E.164 with the leading + through libphonenumber (Google's rules give that form); external ids
     * are trimmed. Blank or null is {@link Normalized.Absent}.
     */
    Normalized normalize(String field, Object raw) {
        return switch (field) {
            case EMAIL -> IdentifierRules.META.normalize(IdentifierKind.EMAIL, raw, defaultCountry);
            case PHONE_NUMBER -> IdentifierRules.GOOGLE_ADS.normalize(IdentifierKind.PHONE, raw, defaultCountry);
            case EXTERNAL_ID -> IdentifierRules.META.normalize(IdentifierKind.EXTERNAL_ID, raw, defaultCountry);
            default -> throw new IllegalArgumentException("not a Klaviyo identifier: " + field);
        };
    }

    /** The record's value of the sync's identifier, or why it has none usable. */
    Checked identifierOf(SyncRecord record) {
        Normalized id = normalize(identifier, record.fields().get(identifier));
        if (id instanceof Normalized.Valid valid) {
            return new Checked(valid.value(), null);
        }
        return new Checked(null, id instanceof Normalized.Invalid invalid
                ? "'" + identifier + "' is invalid: " + invalid.message()
                : "missing the identifier '" + identifier + "'");
    }

    /** An identifier value, or why the record cannot be sent (its message never repeats the personal value). */
    record Checked(String value, String problem) {

        boolean valid() {
            return problem == null;
        }
    }

    /** A profile ready to send, or why the record cannot be one. */
    record Built(ObjectNode resource, String identifierValue, String problem) {
    }

    /**
     * The profile resource ({@code {"type":"profile","attributes":{...}}}) for a record. Null values are left
     * out: Bulk Import Profiles cannot clear a field (it ignores nulls), and sending them would only cost bytes.
     */
    Built build(SyncRecord record) {
        Checked id = identifierOf(record);
        if (!id.valid()) {
            return new Built(null, null, id.problem());
        }
        ObjectNode resource = VendorHttp.JSON.createObjectNode().put("type", "profile");
        ObjectNode attributes = resource.putObject("attributes");
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (value == null) {
                continue;
            }
            if (IDENTIFIERS.contains(name)) {
                Normalized normalized = normalize(name, value);
                if (normalized instanceof Normalized.Invalid invalid) {
                    return new Built(null, null, "'" + name + "' is invalid: " + invalid.message());
                }
                if (normalized instanceof Normalized.Valid valid) {
                    attributes.put(name, valid.value());
                } // Absent: a blank secondary identifier is simply not sent
            } else if (ATTRIBUTES.contains(name)) {
                attributes.set(name, VendorHttp.JSON.valueToTree(value));
            } else if (name.startsWith("location.") && LOCATION.contains(name.substring("location.".length()))) {
                child(attributes, "location").set(name.substring("location.".length()), VendorHttp.JSON.valueToTree(value));
            } else if (name.startsWith(PROPERTIES) && name.length() > PROPERTIES.length()) {
                child(attributes, "properties").set(name.substring(PROPERTIES.length()), VendorHttp.JSON.valueToTree(value));
            } else {
                return new Built(null, null, "field '" + name + "' is not a Klaviyo profile attribute "
                        + "(custom properties are named properties.<name>)");
            }
        }
        return new Built(resource, id.value(), null);
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }
}
