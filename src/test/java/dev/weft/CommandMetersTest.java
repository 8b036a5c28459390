package dev.weft;

import dev.weft.syncs.SyncExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One-shot commands record into an in-memory registry; the server (any context without "command") into Prometheus'. */
class CommandMetersTest {

    private static Map<String, Object> store() {
        return Map.of("weft.store.url", "jdbc:h2:mem:meters-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    }

    @Test
    void aCommandGetsAnInMemoryRegistryAndNoPrometheus() {
        try (ApplicationContext context = ApplicationContext.run(store(), "test", "command")) {
            assertThat(context.getBean(MeterRegistry.class)).isExactlyInstanceOf(SimpleMeterRegistry.class);
            assertThat(context.findBean(PrometheusMeterRegistry.class)).isEmpty();
            context.getBean(SyncExecutor.class); // the features' meters wire to it
            assertThat(context.getBean(MeterRegistry.class).find("weft.ack.journal.backlog").gauge()).isNotNull();
        }
    }

    @Test
    void theServerRecordsIntoPrometheus() {
        try (ApplicationContext context = ApplicationContext.run(store(), "test")) {
            assertThat(context.findBean(PrometheusMeterRegistry.class)).isPresent();
            assertThat(context.getBeansOfType(MeterRegistry.class)).noneMatch(SimpleMeterRegistry.class::isInstance);
        }
    }
}
