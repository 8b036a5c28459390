package dev.weft.api.syncs;

import dev.weft.api.ApiException;
import dev.weft.api.RequiresScope;
import dev.weft.syncs.SyncRuns;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /v1/runs}: one sync run and its per-row errors (paged by the last error id seen). */
@Tag(name = "syncs")
@Controller("/v1/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunController {

    private final SyncRuns runs;

    public RunController(SyncRuns runs) {
        this.runs = runs;
    }

    /** One sync run: status, counts, timings and the reason it failed, if it did. */
    @Get("/{id}")
    @RequiresScope("syncs:read")
    public Map<String, Object> get(String id) {
        return view(runs.find(id).orElseThrow(() -> ApiException.notFound("run '" + id + "'")));
    }

    /** A sync run's per-row errors, paged by the last error id seen. */
    @Get("/{id}/errors")
    @RequiresScope("syncs:read")
    public Map<String, Object> errors(String id, @QueryValue(defaultValue = "0") long after, @QueryValue(defaultValue = "100") int limit) {
        runs.find(id).orElseThrow(() -> ApiException.notFound("run '" + id + "'"));
        int size = Math.max(1, Math.min(limit, 1000));
        List<SyncRuns.RowError> page = runs.errors(id, after, size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errors", page.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("record_key", e.recordKey());
            m.put("operation", e.operation());
            m.put("outcome", e.outcome());
            m.put("message", e.message());
            m.put("failed_at", e.failedAt().toString());
            return m;
        }).toList());
        if (page.size() == size) {
            out.put("next", "/v1/runs/" + id + "/errors?after=" + page.get(page.size() - 1).id() + "&limit=" + size);
        }
        return out;
    }

    static Map<String, Object> view(SyncRuns.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("sync_id", r.syncId());
        m.put("trigger", r.trigger());
        m.put("status", r.status().name().toLowerCase(Locale.ROOT));
        m.put("planned", Map.of("added", r.plannedAdded(), "changed", r.plannedChanged(), "removed", r.plannedRemoved()));
        m.put("sent", r.sent());
        m.put("succeeded", r.succeeded());
        m.put("failed", r.failed());
        m.put("pending", r.pending());
        m.put("plan_ms", r.planMillis());
        m.put("delivery_ms", r.deliveryMillis());
        m.put("started_at", r.startedAt().toString());
        m.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("error", r.error());
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("replica", r.owner().replica());
        owner.put("host", r.owner().host());
        owner.put("pid", r.owner().pid());
        m.put("owner", owner);
        return m;
    }
}
