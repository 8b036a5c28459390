package dev.weft.phones;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The phone test vectors every reader of phone numbers is held to ({@code src/test/resources/phones/vectors.csv}):
 * identity, the syncs' {@code e164} transform and the destinations.
 *
 * @param defaultCountry ISO code, or null for none
 * @param e164           the number Weft's rule reads, or null for none
 */
public record PhoneVectors(String input, String defaultCountry, String e164, String why) {

    public static List<PhoneVectors> all() {
        try (InputStream in = PhoneVectors.class.getResourceAsStream("/phones/vectors.csv");
             MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            return rows.readAll().stream().map(r -> new PhoneVectors(r.get("input"), blankToNull(r.get("default_country")),
                    blankToNull(r.get("e164")), r.get("why"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default country as the rule takes it. */
    public PhoneCountry country() {
        return defaultCountry == null ? null : PhoneCountry.ofRegion(defaultCountry).orElseThrow();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
