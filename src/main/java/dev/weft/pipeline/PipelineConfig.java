package dev.weft.pipeline;

import dev.weft.Intervals;
import dev.weft.WeftException;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncScheduler;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code weft.pipeline}: when {@code weft serve} runs the pipeline. {@code schedule}: an interval ({@code 15m})
 * or a 5-field cron expression in UTC ({@code 0 * * * *}), as sync schedules take them; unset: no schedule.
 * {@code poll-interval}: how often the sources' watermarks are checked for new rows, a run starting when one
 * moved (default 30s; {@code off} turns the poll off).
 */
@ConfigurationProperties("weft.pipeline")
public record PipelineConfig(@Nullable String schedule, @Nullable String pollInterval) {

    static final Duration DEFAULT_POLL = Duration.ofSeconds(30);

    /** The poll's interval, or null when it is off. */
    Duration poll() {
        if (pollInterval == null || pollInterval.isBlank()) {
            return DEFAULT_POLL;
        }
        if (pollInterval.trim().equals("off")) {
            return null;
        }
        Duration d = Intervals.parse(pollInterval);
        if (d == null || d.isZero()) {
            throw new WeftException("weft.pipeline.poll-interval: '" + pollInterval + "' is neither off nor an interval such as 30s, 5m");
        }
        return d;
    }

    /** When the schedule runs next after {@code now}; null when there is no schedule. */
    Instant nextScheduled(Instant now) {
        if (schedule == null || schedule.isBlank()) {
            return null;
        }
        Duration every = Intervals.parse(schedule);
        SyncDefinition.Schedule s = every != null
                ? new SyncDefinition.Schedule(SyncDefinition.Schedule.Kind.INTERVAL, null, every, SyncDefinition.MissedPolicy.SKIP)
                : new SyncDefinition.Schedule(SyncDefinition.Schedule.Kind.CRON, schedule.trim(), null, SyncDefinition.MissedPolicy.SKIP);
        LocalDateTime next;
        try {
            next = SyncScheduler.nextRun(s, now);
        } catch (IllegalArgumentException e) {
            throw new WeftException("weft.pipeline.schedule: '" + schedule + "' is neither an interval (15m, 1h) nor a 5-field cron "
                    + "expression in UTC (0 * * * *): " + e.getMessage());
        }
        if (next == null) {
            throw new WeftException("weft.pipeline.schedule: '" + schedule + "' never runs (it matches no date)");
        }
        return next.toInstant(ZoneOffset.UTC);
    }
}
