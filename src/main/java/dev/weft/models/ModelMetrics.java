package dev.weft.models;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The model runs' meters (docs/operating.md lists them): runs and their durations by kind and outcome, models by outcome. */
@Singleton
public class ModelMetrics {

    private final MeterRegistry registry;

    public ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a finished run ({@code kind} is models, models.test or models.build; {@code status} success or error). */
    void runFinished(String kind, String status, Duration took, List<ModelResult> results) {
        Tags tags = Tags.of("kind", kind, "status", status);
        registry.counter("weft.model.runs", tags).increment();
        Timer.builder("weft.model.run.duration").description("How long model runs took").tags(tags).register(registry).record(took);
        for (ModelResult r : results) {
            registry.counter("weft.model.results", "kind", kind, "status", r.status().name().toLowerCase(Locale.ROOT)).increment();
        }
    }
}
