package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.DestinationField;
import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A record's mapped fields as a Klaviyo profile's attributes (the shape Bulk Import Profiles takes):
 * identifiers and standard attributes at the top, {@code location.*} under {@code location}, custom
 * {@code properties.*} under {@code properties}. Identifiers are checked before anything is sent, so a
 * row Klaviyo would refuse is reported on its own and never leaves Weft.
 *
 * <p>Shape: https://github.com/klaviyo/openapi/blob/main/openapi/stable/apis/bulk_import_profiles.json
 * ({@code ProfileUpsertQueryResourceObject}, {@code ProfileLocation}).
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

    /** Klaviyo takes phone numbers in E.164 only: a plus, a country code not starting with 0, at most 15 digits. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    /** Separators people write in phone numbers; dropping them never changes the number. */
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\-.()]");
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private KlaviyoProfiles() {
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

    /** An identifier as Klaviyo matches it, or why it cannot be sent. */
    record Checked(String value, String problem) {

        boolean valid() {
            return problem == null;
        }
    }

    /**
     * Normalizes an identifier: emails trimmed and lower-cased, phone numbers stripped of separators and
     * required in E.164, external ids trimmed. A missing or blank value is a problem too.
     */
    static Checked identifier(String field, Object raw) {
        String text = raw == null ? "" : raw.toString().trim();
        if (text.isEmpty()) {
            return new Checked(null, "missing the identifier '" + field + "'");
        }
        return switch (field) {
            case EMAIL -> {
                String email = text.toLowerCase(Locale.ROOT);
                yield EMAIL_SHAPE.matcher(email).matches() ? new Checked(email, null)
                        : new Checked(null, "email '" + text + "' is not an email address");
            }
            case PHONE_NUMBER -> {
                String phone = PHONE_SEPARATORS.matcher(text).replaceAll("");
                yield E164.matcher(phone).matches() ? new Checked(phone, null)
                        : new Checked(null, "phone_number '" + text + "' is not in E.164 format (+, country code and "
                        + "number, at most 15 digits; apply the e164 transform in the mapping)");
            }
            case EXTERNAL_ID -> new Checked(text, null);
            default -> throw new IllegalArgumentException("not a Klaviyo identifier: " + field);
        };
    }

    /** A profile ready to send, or why the record cannot be one. */
    record Built(ObjectNode resource, String identifierValue, String problem) {
    }

    /**
     * The profile resource ({@code {"type":"profile","attributes":{...}}}) for a record. Null values are left
     * out: Bulk Import Profiles cannot clear a field (it ignores nulls), and sending them would only cost bytes.
     */
    static Built build(SyncRecord record, String identifier) {
        Checked id = identifier(identifier, record.fields().get(identifier));
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
                Checked checked = identifier(name, value);
                if (!checked.valid()) {
                    return new Built(null, null, checked.problem());
                }
                attributes.put(name, checked.value());
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
