package dev.weft.progress;

import java.time.Duration;

/**
 * Progress of a long task, for features, the demo and the benchmarks alike (outside {@code cli}, so that
 * features need not depend on the command line). On a terminal it is a live bar; otherwise (CI,
 * pipes, log files) a plain line at most every few seconds, so logs stay readable. Safe to step from
 * several threads.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("identity rounds", 20, "rounds")) {
 *     for (...) { ...; p.step(); }
 * }
 * }</pre>
 */
public interface Progress extends AutoCloseable {

    /** Plain progress lines are printed at most this often. */
    Duration LOG_INTERVAL = Duration.ofSeconds(5);

    /**
     * Starts reporting a task of {@code total} units ({@code total <= 0} when unknown) to standard error,
     * as a bar when a console is attached, else as plain lines.
     */
    static Progress start(String task, long total, String unit) {
        if (System.console() != null) {
            return new BarProgress(task, total, unit);
        }
        return new LogProgress(task, total, unit, System.err, LOG_INTERVAL, System::nanoTime);
    }

    void stepBy(long units);

    default void step() {
        stepBy(1);
    }

    /** Units done so far. */
    long current();

    /** Ends the task (a final line or the completed bar). */
    @Override
    void close();
}
