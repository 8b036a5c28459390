package dev.weft.destinations;

/**
 * A field of the destination's catalogue that mappings may target.
 *
 * @param name       the destination's field name (e.g. {@code email}, {@code firstname}, {@code EXTERN_ID}); a
 *                   {@code *} matches any run of characters, so {@code *} admits any custom field and
 *                   {@code *__c} any Salesforce custom field
 * @param type       string, number, boolean, date, datetime, email, phone
 * @param identifier whether the field can serve as the record identifier
 * @param required   whether every record must carry it
 */
public record DestinationField(String name, String type, boolean identifier, boolean required) {

    /** Whether a mapping's target field is this field (or, for a pattern, one it admits). */
    public boolean matches(String fieldName) {
        if (!name.contains("*")) {
            return name.equals(fieldName);
        }
        StringBuilder regex = new StringBuilder();
        for (String literal : name.split("\\*", -1)) {
            if (regex.length() > 0 || name.startsWith("*")) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(literal));
        }
        return fieldName.matches(regex.toString());
    }
}
