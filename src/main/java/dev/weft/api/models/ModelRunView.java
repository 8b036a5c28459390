package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.RunState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A models run: its state, the commit, and per model or test its state, timing, rows, SQL and error. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelRunView(String id, String kind, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"running", "succeeded", "failed"}) RunState status,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String selection, String warehouse, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ModelRunGit git,
                    Instant startedAt, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt, List<ModelResultView> results) {

    static ModelRunView of(dev.weft.models.RunSummary r) {
        RunState status = switch (r.status()) {
            case "running" -> RunState.RUNNING;
            case "success" -> RunState.SUCCEEDED;
            default -> RunState.FAILED;
        };
        return new ModelRunView(r.runId(), r.kind(), status, r.selection(), r.warehouse(), ModelRunGit.of(r.git()), r.startedAt(), r.finishedAt(),
                r.results().stream().map(ModelResultView::of).toList());
    }

    /** A model's or a schema test's result as a run state: a passing test succeeded, a failing one failed. */
    static RunState state(dev.weft.models.ModelResult.Status status) {
        return switch (status) {
            case SUCCESS, PASS -> RunState.SUCCEEDED;
            case ERROR, FAIL -> RunState.FAILED;
            case SKIPPED -> RunState.SKIPPED;
        };
    }
}
