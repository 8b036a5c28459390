package dev.weft.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines for logs: one when the task starts, at most one per interval while it runs
 * (only when a step happens, so an idle task prints nothing), and one when it ends.
 */
final class LogProgress implements Progress {

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong nextLineNanos;

    LogProgress(String task, long total, String unit, PrintStream out, Duration interval, LongSupplier clock) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.nextLineNanos = new AtomicLong(startNanos + intervalNanos);
        out.println(task + ": started" + (total > 0 ? String.format(Locale.ROOT, ", %,d %s to do", total, unit) : ""));
    }

    @Override
    public void stepBy(long units) {
        long done = current.addAndGet(units);
        long now = clock.getAsLong();
        long next = nextLineNanos.get();
        // Only the thread that moves the deadline prints, so concurrent steps never print twice.
        if (now >= next && nextLineNanos.compareAndSet(next, now + intervalNanos)) {
            out.println(line(done, now));
        }
    }

    @Override
    public long current() {
        return current.get();
    }

    @Override
    public void close() {
        out.println(task + ": done, " + String.format(Locale.ROOT, "%,d %s in %s", current.get(), unit,
                seconds(clock.getAsLong())));
    }

    private String line(long done, long now) {
        StringBuilder s = new StringBuilder(task).append(": ").append(String.format(Locale.ROOT, "%,d", done));
        if (total > 0) {
            s.append(String.format(Locale.ROOT, " / %,d %s (%d%%)", total, unit, Math.min(100, done * 100 / total)));
        } else {
            s.append(' ').append(unit);
        }
        return s.append(", ").append(seconds(now)).toString();
    }

    private String seconds(long now) {
        return String.format(Locale.ROOT, "%.1f s", (now - startNanos) / 1e9);
    }
}
