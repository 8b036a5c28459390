package dev.weft.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LogProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsAtMostOneLinePerIntervalAndAFinalLine() {
        try (Progress p = new LogProgress("seed", 1_000, "profiles", out, Duration.ofSeconds(5), clock::get)) {
            for (int i = 0; i < 100; i++) {
                clock.addAndGet(100_000_000L); // 0.1 s per step: 10 s in all
                p.stepBy(10);
            }
            assertThat(p.current()).isEqualTo(1_000);
        }
        assertThat(lines()).containsExactly(
                "seed: started, 1,000 profiles to do",
                "seed: 500 / 1,000 profiles (50%), 5.0 s",
                "seed: 1,000 / 1,000 profiles (100%), 10.0 s",
                "seed: done, 1,000 profiles in 10.0 s");
    }

    @Test
    void unknownTotalPrintsCountsOnly() {
        try (Progress p = new LogProgress("rounds", 0, "rounds", out, Duration.ofSeconds(1), clock::get)) {
            clock.addAndGet(2_000_000_000L);
            p.step();
        }
        assertThat(lines()).containsExactly("rounds: started", "rounds: 1 rounds, 2.0 s", "rounds: done, 1 rounds in 2.0 s");
    }

    @Test
    void concurrentStepsAreAllCountedAndNeverPrintTwicePerInterval() throws InterruptedException {
        Progress p = new LogProgress("rows", 0, "rows", out, Duration.ofSeconds(5), clock::get);
        clock.addAndGet(6_000_000_000L);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    p.step();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        p.close();
        assertThat(p.current()).isEqualTo(40_000);
        assertThat(lines()).hasSize(3); // started, one progress line (the clock stood still), done
    }
}
