package dev.weft.syncs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;

/**
 * The syncs' meters (docs/operating.md lists them): runs and their durations by outcome, rows planned,
 * sent, acknowledged and failed, the destinations' rate limiting and retries, how late scheduled runs
 * start, and the ack journal's backlog. Tags stay few: the sync id, its destination type, the status.
 */
@Singleton
public class SyncMetrics {

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a finished run: its outcome, how long it took, and its rows. */
    void runFinished(SyncDefinition sync, SyncExecutor.RunResult r, Duration took) {
        Tags tags = tags(sync);
        Tags withStatus = tags.and("status", r.status().name().toLowerCase(Locale.ROOT));
        registry.counter("weft.sync.runs", withStatus).increment();
        Timer.builder("weft.sync.run.duration").description("How long sync runs took, planning and delivery")
                .tags(withStatus).register(registry).record(took);
        if (r.planned() != null) {
            rows("planned", "rows the plan found to add, change or remove", tags, r.planned().total());
        }
        rows("sent", "rows sent to the destination", tags, r.sent());
        rows("succeeded", "rows the destination acknowledged", tags, r.succeeded());
        rows("failed", "rows the destination refused or that ran out of retries", tags, r.failed());
    }

    /** A call the destination answered with a rate limit (HTTP 429 or the vendor's own throttling). */
    void rateLimited(SyncDefinition sync) {
        Counter.builder("weft.destination.rate.limited").description("Destination calls answered with a rate limit")
                .tags(tags(sync)).register(registry).increment();
    }

    /** A failed batch call about to be tried again after a backoff. */
    void retried(SyncDefinition sync) {
        Counter.builder("weft.destination.retries").description("Destination calls tried again after a retryable failure")
                .tags(tags(sync)).register(registry).increment();
    }

    /** How late a scheduled run started after its due time. */
    void scheduledRunStarted(String syncId, Duration late) {
        Timer.builder("weft.scheduler.lag").description("How late scheduled sync runs started after their due time")
                .tag("sync", syncId).register(registry).record(late.isNegative() ? Duration.ZERO : late);
    }

    /** The journal's acknowledgements not yet merged into state tables, read from the store at each scrape. */
    void watchJournal(AckJournal journal) {
        Gauge.builder("weft.ack.journal.backlog", journal, AckJournal::pendingTotal)
                .description("Acknowledgements journaled in the store and not yet merged into sync state tables")
                .strongReference(true).register(registry);
    }

    private void rows(String what, String description, Tags tags, long count) {
        Counter.builder("weft.sync.rows." + what).description("Sync " + description).tags(tags).register(registry).increment(count);
    }

    private static Tags tags(SyncDefinition sync) {
        return Tags.of("sync", sync.id(), "destination_type", sync.destination().type());
    }
}
