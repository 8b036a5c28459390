package dev.weft.progress;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live progress bar on the terminal (me.tongfei.progressbar), redrawn in place. */
final class BarProgress implements Progress {

    private final ProgressBar bar;

    BarProgress(String task, long total, String unit) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
    }

    @Override
    public void stepBy(long units) {
        bar.stepBy(units);
    }

    @Override
    public long current() {
        return bar.getCurrent();
    }

    @Override
    public void close() {
        bar.close();
    }
}
