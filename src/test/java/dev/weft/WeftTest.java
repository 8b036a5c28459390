package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help and version answer without starting the application: with a configuration file that cannot
 * be read (which stops every start), they still succeed, while a real command fails on it.
 */
class WeftTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void brokenConfigAndCapturedOutput() throws Exception {
        Path config = Files.writeString(dir.resolve("weft.yml"), "weft: [this is: not: valid yaml\n");
        System.setProperty("micronaut.config.files", config.toString());
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.clearProperty("micronaut.config.files");
    }

    @Test
    void versionAndHelpNeedNoApplicationStart() {
        assertThat(Weft.run(new String[]{"--version"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("weft ");
        assertThat(Weft.run(new String[]{"models", "--help"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: weft models");
        assertThat(Weft.run(new String[0])).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: weft ");
    }

    @Test
    void aCommandThatNeedsTheApplicationStartsItAndReportsTheBrokenConfiguration() {
        assertThat(Weft.run(new String[]{"models", "list"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ");
    }
}
