package dev.weft.identity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identity runs' meters (docs/operating.md lists them): runs and their durations by outcome and mode,
 * profile changes by kind, and gauges of the latest successful run's rounds, scope and profile count.
 */
@Singleton
public class IdentityMetrics {

    private final MeterRegistry registry;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong scope = new AtomicLong();
    private final AtomicLong profiles = new AtomicLong();

    public IdentityMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("weft.identity.last.rounds", rounds, AtomicLong::get)
                .description("Contraction rounds of the latest successful identity run").register(registry);
        Gauge.builder("weft.identity.last.scope.identifiers", scope, AtomicLong::get)
                .description("Identifiers in scope of the latest successful identity run").register(registry);
        Gauge.builder("weft.identity.profiles", profiles, AtomicLong::get)
                .description("Profiles after the latest successful identity run").register(registry);
    }

    void runSucceeded(IdentityPipeline.Result r, Duration took, long profileCount) {
        String mode = r.full() ? "full" : "incremental";
        registry.counter("weft.identity.runs", "status", "succeeded", "mode", mode).increment();
        duration("succeeded", mode).record(took);
        for (Map.Entry<String, Long> change : r.changes().entrySet()) {
            registry.counter("weft.identity.profile.changes", "change", change.getKey().toLowerCase(Locale.ROOT))
                    .increment(change.getValue());
        }
        rounds.set(r.rounds());
        scope.set(r.scopeNodes());
        profiles.set(profileCount);
    }

    void runFailed(Duration took) {
        registry.counter("weft.identity.runs", "status", "failed", "mode", "unknown").increment();
        duration("failed", "unknown").record(took);
    }

    private Timer duration(String status, String mode) {
        return Timer.builder("weft.identity.run.duration").description("How long identity runs took")
                .tags("status", status, "mode", mode).register(registry);
    }
}
