package dev.weft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden-file assertions for SQL that cannot run here (Snowflake, BigQuery): the statement text a
 * feature builds is compared exactly with a reviewed file under {@code src/test/resources/golden/}.
 * Run with {@code -Dweft.golden.update=true} to (re)write the files, then review the diff in git.
 *
 * <pre>{@code Golden.assertMatches("identity/snowflake/round1.sql", sql);}</pre>
 *
 * Files are read from the source tree, not the classpath, so an update is visible to git at once and
 * a stale copy in {@code target/} can never make a test pass.
 */
public final class Golden {

    /** Between statements of a list, the separator {@code sql/} templates use: a line holding only ';'. */
    public static final String STATEMENT_SEPARATOR = "\n;\n";

    private static final Path ROOT = projectDir().resolve("src/test/resources/golden");

    private Golden() {
    }

    /** Asserts that {@code actual} equals the golden file at {@code path} (relative to the golden folder). */
    public static void assertMatches(String path, String actual) {
        Path file = resolve(path);
        String expected = actual.endsWith("\n") ? actual : actual + "\n";
        if (updating()) {
            write(file, expected);
            return;
        }
        if (!Files.isRegularFile(file)) {
            fail("golden file " + ROOT.relativize(file) + " does not exist; run the test with -Dweft.golden.update=true"
                    + " to create it, then review it. Actual:\n" + expected);
        }
        String golden = read(file);
        assertThat(expected)
                .as("SQL differs from golden file %s (rerun with -Dweft.golden.update=true if the change is intended)",
                        ROOT.relativize(file))
                .isEqualTo(golden);
    }

    /** Asserts a list of statements, written one after another separated by a line holding only ';'. */
    public static void assertMatches(String path, List<String> statements) {
        assertMatches(path, String.join(STATEMENT_SEPARATOR, statements));
    }

    static boolean updating() {
        return Boolean.getBoolean("weft.golden.update");
    }

    private static Path resolve(String path) {
        Path file = ROOT.resolve(path).normalize();
        if (!file.startsWith(ROOT) || !path.endsWith(".sql") && !path.endsWith(".txt")) {
            throw new IllegalArgumentException("golden path must be a .sql or .txt file inside " + ROOT + ": " + path);
        }
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire sets {@code basedir}; IDEs run from the project folder. */
    private static Path projectDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }
}
