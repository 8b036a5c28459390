package dev.weft.models;

import java.util.Map;

/**
 * How to run models: which ones, whether incremental models are rebuilt from scratch, values for
 * {@code var()}, optionally a remote git repository ({@code gitUrl} at {@code gitRef}) to take
 * the models from instead of the workspace, how many to build at once ({@code threads}, null: the
 * configured {@code weft.models.threads}), whether the first failure stops the run ({@code failFast}) and
 * how many of a failing test's rows its result shows ({@code failingRows}).
 */
public record RunOptions(Selection selection, boolean fullRefresh, Map<String, String> vars, String gitUrl,
                         String gitRef, RunListener listener, Integer threads, boolean failFast, int failingRows) {

    public static final int FAILING_ROWS_SHOWN = 5;

    public RunOptions {
        selection = selection == null ? Selection.ALL : selection;
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        listener = listener == null ? RunListener.NONE : listener;
        if (failingRows < 0) {
            throw new dev.weft.WeftException("--failing-rows must be 0 or more, got " + failingRows);
        }
        if (threads != null && threads < 1) {
            throw new dev.weft.WeftException("--threads must be at least 1, got " + threads);
        }
    }

    public RunOptions(Selection selection, boolean fullRefresh, Map<String, String> vars, String gitUrl,
                      String gitRef, RunListener listener) {
        this(selection, fullRefresh, vars, gitUrl, gitRef, listener, null, false, FAILING_ROWS_SHOWN);
    }

    public static RunOptions of(Selection selection) {
        return new RunOptions(selection, false, Map.of(), null, null, null);
    }

    public RunOptions withListener(RunListener l) {
        return new RunOptions(selection, fullRefresh, vars, gitUrl, gitRef, l, threads, failFast, failingRows);
    }
}
