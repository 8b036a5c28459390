package dev.weft.web.audiences;

import dev.weft.audiences.AudienceRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An audience's size over its latest materializations, drawn on the server as a small SVG polyline (no script):
 * {@code points} are in a {@value #WIDTH} by {@value #HEIGHT} box, oldest on the left, the smallest size at the
 * bottom. Null from {@link #of} when there are fewer than two sizes to draw a line between.
 */
public record SizeTrend(String points, long first, long last, long min, long max, int runs) {

    static final int WIDTH = 120;
    static final int HEIGHT = 24;
    /** Runs drawn: the newest ones. */
    static final int RUNS = 30;
    /** Room for the stroke at the top and bottom. */
    private static final double PAD = 2;

    /** The trend of a size history given newest first (as the audiences feature keeps it). */
    static SizeTrend of(List<AudienceRun> newestFirst) {
        if (newestFirst.size() < 2) {
            return null;
        }
        List<Long> sizes = new ArrayList<>();
        newestFirst.stream().limit(RUNS).forEach(r -> sizes.add(0, r.size()));
        long min = sizes.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < sizes.size(); i++) {
            double x = (double) WIDTH * i / (sizes.size() - 1);
            // A flat history is drawn across the middle.
            double y = max == min ? HEIGHT / 2.0 : PAD + (HEIGHT - 2 * PAD) * (max - sizes.get(i)) / (double) (max - min);
            points.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return new SizeTrend(points.toString(), sizes.get(0), sizes.get(sizes.size() - 1), min, max, sizes.size());
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
