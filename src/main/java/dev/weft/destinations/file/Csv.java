package dev.weft.destinations.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** RFC 4180 CSV through Jackson's CSV module: fields quoted when they need it, quotes doubled. */
final class Csv {

    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final ObjectWriter LINE = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\n"));

    private Csv() {
    }

    /** One line of fields (null as an empty field), ending in a line break. */
    static String line(List<?> values) {
        String[] fields = values.stream().map(v -> v == null ? "" : v.toString()).toArray(String[]::new);
        try {
            return LINE.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a whole CSV text into rows of fields. */
    static List<List<String>> parse(String text) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (var it = MAPPER.readerFor(String[].class).<String[]>readValues(text)) {
            while (it.hasNextValue()) {
                rows.add(new ArrayList<>(Arrays.asList(it.nextValue())));
            }
        }
        return rows;
    }
}
