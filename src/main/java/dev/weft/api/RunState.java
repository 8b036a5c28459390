package dev.weft.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The one vocabulary of run states the API answers for models, audiences and syncs; each controller
 * maps its feature's own states to it. {@code skipped} is for an item of a run (a model whose upstream
 * failed), never a whole run.
 */
public enum RunState {
    RUNNING, SUCCEEDED, PARTIAL, FAILED, SKIPPED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
