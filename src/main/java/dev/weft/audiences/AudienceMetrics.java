package dev.weft.audiences;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audience runs' meters (docs/operating.md lists them): materializations and their durations by
 * outcome, and each audience's size after its latest successful run (one gauge per audience).
 */
@Singleton
public class AudienceMetrics {

    private final MeterRegistry registry;
    /** The gauges' values, held here: Micrometer keeps only a weak reference to a gauge's object. */
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    public AudienceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void runSucceeded(String audienceId, long size, Duration took) {
        finished("succeeded", took);
        sizes.computeIfAbsent(audienceId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("weft.audience.size", value, AtomicLong::get).description("Members of the audience after its latest run")
                    .tag("audience", id).register(registry);
            return value;
        }).set(size);
    }

    void runFailed(Duration took) {
        finished("failed", took);
    }

    private void finished(String status, Duration took) {
        registry.counter("weft.audience.runs", "status", status).increment();
        Timer.builder("weft.audience.run.duration").description("How long materializing one audience took")
                .tag("status", status).register(registry).record(took);
    }
}
