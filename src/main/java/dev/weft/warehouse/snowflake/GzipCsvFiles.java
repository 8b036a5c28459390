package dev.weft.warehouse.snowflake;

import dev.weft.WeftException;
import dev.weft.warehouse.CsvRows;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Rows as gzip CSV files ({@link CsvRows} format) in a fresh temporary folder, starting a new file
 * every {@code maxChars} characters of CSV, for engines that load from uploaded files. Closing
 * deletes the folder.
 */
final class GzipCsvFiles implements AutoCloseable {

    private static final int FLUSH_CHARS = 1 << 20;

    private final String table;
    private final Path dir;
    private final long maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private final List<Path> files = new ArrayList<>();
    private Writer file;
    private long fileChars;
    private long rows;

    GzipCsvFiles(String table, long maxChars) {
        this.table = table;
        this.maxChars = maxChars;
        try {
            this.dir = Files.createTempDirectory("weft-load-");
        } catch (IOException e) {
            throw new WeftException("bulk load into " + table + ": cannot create a local folder for the load files: "
                    + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    long rows() {
        return rows;
    }

    /** Appends one row; the caller has checked its width. */
    void append(Object[] values) {
        CsvRows.append(buffer, values, table);
        rows++;
        if (buffer.length() >= Math.min(FLUSH_CHARS, maxChars)) {
            flush();
        }
    }

    /** Writes what is buffered and closes the last file; returns every file written, in order. */
    List<Path> finish() {
        if (buffer.length() > 0) {
            flush();
        }
        try {
            if (file != null) {
                file.close();
                file = null;
            }
        } catch (IOException e) {
            throw writeFailure(e);
        }
        return List.copyOf(files);
    }

    private void flush() {
        try {
            if (file == null) {
                Path next = dir.resolve(String.format(Locale.ROOT, "part-%05d.csv.gz", files.size()));
                file = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(next), 1 << 16), StandardCharsets.UTF_8);
                files.add(next);
                fileChars = 0;
            }
            file.append(buffer);
            fileChars += buffer.length();
            buffer.setLength(0);
            if (fileChars >= maxChars) {
                file.close();
                file = null;
            }
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    private WeftException writeFailure(IOException e) {
        return new WeftException("bulk load into " + table + ": cannot write load file in " + dir + ": " + e.getMessage(), e);
    }

    /** Deletes the files and the folder; best effort, so a clean-up problem never hides the load's own error. */
    @Override
    public void close() {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next either way
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover in the temp folder is harmless
        }
    }
}
