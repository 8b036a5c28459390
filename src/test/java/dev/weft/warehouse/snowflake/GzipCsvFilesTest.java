package dev.weft.warehouse.snowflake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The load files Snowflake's bulk path uploads: CSV that keeps NULL and '' apart, split into gzip parts. */
class GzipCsvFilesTest {

    @Test
    void rowsAreSplitIntoGzipPartsThatConcatenateToTheCsv() throws IOException {
        Path dir;
        try (GzipCsvFiles files = new GzipCsvFiles("people", 64)) {
            dir = files.dir();
            files.append(new Object[]{1L, "a@x.com", 1.5, true, Instant.parse("2025-03-04T05:06:07.123456Z"), LocalDate.of(1990, 1, 2)});
            files.append(new Object[]{2L, "", null, false, null, null});
            files.append(new Object[]{3L, "quote\"comma,newline\nend", 0.0, null, null, null});
            for (long i = 4; i <= 20; i++) {
                files.append(new Object[]{i, "x", null, null, null, null});
            }
            List<Path> parts = files.finish();
            assertThat(files.rows()).isEqualTo(20);
            assertThat(parts).hasSizeGreaterThan(2).allMatch(p -> p.getFileName().toString().matches("part-\\d{5}\\.csv\\.gz"));
            StringBuilder all = new StringBuilder();
            for (Path p : parts) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            String csv = all.toString();
            assertThat(csv).startsWith("1,\"a@x.com\",1.5,true,2025-03-04 05:06:07.123456,1990-01-02\n"
                    + "2,\"\",,false,,\n"
                    + "3,\"quote\"\"comma,newline\nend\",0.0,,,\n"
                    + "4,\"x\",,,,\n");
            assertThat(csv).endsWith("20,\"x\",,,,\n");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void noRowsWriteNoFiles() {
        try (GzipCsvFiles files = new GzipCsvFiles("people", 1 << 20)) {
            assertThat(files.finish()).isEmpty();
        }
    }
}
