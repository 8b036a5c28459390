package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** One sync run: what it planned, sent and settled, how long it took, and who ran it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SyncRunView(String id, String syncId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "api, schedule, cli, ...") String trigger,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class,
                           allowableValues = {"running", "succeeded", "partial", "failed"}, description = "running also while it waits for a vendor's jobs; "
                           + "a run abandoned by a crashed replica is failed, its error says so") dev.weft.api.RunState status,
                   Planned planned, long sent, long succeeded, long failed, long pending,
                   @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long planMs, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long deliveryMs,
                   Instant startedAt, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String error, Owner owner) {

    /** What the run's plan counted, and what consent and suppression withheld from it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SyncRunPlanned")
    record Planned(long added, long changed, long removed,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "records withheld by reason: forgotten, revoked, no_consent,"
                           + " suppressed:<list> (docs/consent.md)") Map<String, Long> withheld) {
    }

    /** The replica, host and process that ran it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SyncRunOwner")
    record Owner(@Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String replica, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String host, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long pid) {
    }

    static SyncRunView of(dev.weft.syncs.SyncRuns.Run r) {
        dev.weft.api.RunState status = switch (r.status()) {
            case RUNNING, WAITING -> dev.weft.api.RunState.RUNNING;
            case SUCCEEDED -> dev.weft.api.RunState.SUCCEEDED;
            case PARTIAL -> dev.weft.api.RunState.PARTIAL;
            case FAILED, ABANDONED -> dev.weft.api.RunState.FAILED;
        };
        return new SyncRunView(r.id(), r.syncId(), r.trigger(), status, new Planned(r.plannedAdded(), r.plannedChanged(), r.plannedRemoved(),
                r.plannedWithheld()),
                r.sent(), r.succeeded(), r.failed(), r.pending(), r.planMillis(), r.deliveryMillis(), r.startedAt(), r.finishedAt(),
                r.error(), new Owner(r.owner().replica(), r.owner().host(), r.owner().pid()));
    }
}
