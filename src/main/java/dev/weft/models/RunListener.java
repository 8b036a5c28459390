package dev.weft.models;

import java.util.List;

/** Follows a run as it goes (the CLI's progress display); called on the thread running the run, one call at a time. */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** The models (or tests) about to run, in order. */
    default void planned(String runId, List<String> names) {
    }

    default void finished(ModelResult result) {
    }

    /** A selector matched nothing (dbt warns and goes on). */
    default void warned(String message) {
    }
}
