package dev.weft.bench;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented sync benchmark runs end to end on a small size: planning (against the naive
 * diff, the baseline), the acknowledgement merge and delivery. */
class SyncsBenchCommandTest {

    @Test
    void planningMergingAndDeliveryRunOnASmallSource() {
        String out = run("--rows", "5000", "--changed", "0.02", "--rate", "50", "--batch", "20", "--seconds", "1");
        assertThat(out).contains("planning on duckdb").contains("RESULT plan: rows=5,000").contains("(planned == changed)")
                .contains("RESULT baseline").contains("(counted == changed)").contains("plan / baseline = ")
                .contains("RESULT merge: ").contains("RESULT deliver");
    }

    @Test
    void planningRunsOnPostgresInASchemaOfItsOwn() {
        String out = run("--rows", "5000", "--changed", "0.02", "--seconds", "0", "--postgres", TestPostgres.url());
        assertThat(out).contains("planning on postgres").contains("RESULT plan: rows=5,000").contains("(planned == changed)")
                .contains("(counted == changed)").contains("RESULT merge: ").doesNotContain("RESULT deliver");
        java.util.regex.Matcher schema = java.util.regex.Pattern.compile("in schema (weft_bench_syncs_\\w+)").matcher(out);
        assertThat(schema.find()).as(out).isTrue();
        assertThat(TestPostgres.schemaExists(schema.group(1))).isFalse();
    }

    private static String run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new SyncsBenchCommand()).execute(args);
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        return out;
    }
}
