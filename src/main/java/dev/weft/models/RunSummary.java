package dev.weft.models;

import java.time.Instant;
import java.util.List;

/** A finished models run (or schema test run): one result per model or test, in the order they ended. */
public record RunSummary(String runId, String kind, String status, String selection, String warehouse, GitState git,
                         Instant startedAt, Instant finishedAt, List<ModelResult> results) {

    public boolean ok() {
        return "success".equals(status);
    }

    public long count(ModelResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
