package dev.weft;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The meter registry of one-shot commands ({@code weft syncs run}, {@code weft models run}, ...), which
 * turn Micronaut's metrics off ({@code application-command.yml}): nothing scrapes them, and its JVM
 * binders and Prometheus registry add about half a second to a cold start. The features record into
 * this in-memory registry instead, unchanged.
 */
@Factory
class CommandMeters {

    @Singleton
    @Requires(property = "micronaut.metrics.enabled", value = "false")
    MeterRegistry commandMeterRegistry() {
        return new SimpleMeterRegistry();
    }
}
