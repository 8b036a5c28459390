package dev.weft.bench;

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
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new SyncsBenchCommand())
                    .execute("--rows", "5000", "--changed", "0.02", "--rate", "50", "--batch", "20", "--seconds", "1");
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("RESULT plan: rows=5,000").contains("(planned == changed)")
                .contains("RESULT baseline").contains("(counted == changed)").contains("plan / baseline = ")
                .contains("RESULT merge: ").contains("RESULT deliver");
    }
}
