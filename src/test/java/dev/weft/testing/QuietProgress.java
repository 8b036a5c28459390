package dev.weft.testing;

import dev.weft.progress.Progress;

/** Progress that counts and prints nothing, for tests that drive a command's code without its output. */
public final class QuietProgress implements Progress {
    private long done;

    @Override
    public void stepBy(long units) {
        done += units;
    }

    @Override
    public long current() {
        return done;
    }

    @Override
    public void close() {
    }
}
