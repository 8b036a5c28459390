package dev.weft.models;

import java.util.Map;

/**
 * How to run models: which ones, whether incremental models are rebuilt from scratch, values for
 * {@code var()}, and optionally a remote git repository ({@code gitUrl} at {@code gitRef}) to take
 * the models from instead of the workspace.
 */
public record RunOptions(Selection selection, boolean fullRefresh, Map<String, String> vars, String gitUrl,
                         String gitRef, RunListener listener) {

    public RunOptions {
        selection = selection == null ? Selection.ALL : selection;
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        listener = listener == null ? RunListener.NONE : listener;
    }

    public static RunOptions of(Selection selection) {
        return new RunOptions(selection, false, Map.of(), null, null, null);
    }

    public RunOptions withListener(RunListener l) {
        return new RunOptions(selection, fullRefresh, vars, gitUrl, gitRef, l);
    }
}
