package dev.weft.destinations;

/**
 * A field of the destination's catalogue that mappings may target.
 *
 * @param name       the destination's field name (e.g. {@code email}, {@code firstname}, {@code EXTERN_ID})
 * @param type       string, number, boolean, date, datetime, email, phone
 * @param identifier whether the field can serve as the record identifier
 * @param required   whether every record must carry it
 */
public record DestinationField(String name, String type, boolean identifier, boolean required) {
}
