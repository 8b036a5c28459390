package dev.weft.api.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A readiness check with a time limit: it runs on the blocking pool, and one that has not answered
 * within {@code weft.health.timeout} is DOWN (an unreachable server can take a connection timeout of
 * tens of seconds, longer than a probe waits). A failure's details name no URL or message, which may
 * hold credentials: they go to the log under an error id.
 */
abstract class TimedHealthCheck implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(TimedHealthCheck.class);

    private final ExecutorService executor;
    private final Duration timeout;

    TimedHealthCheck(ExecutorService executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /** The check's name in the health answer. */
    abstract String name();

    /** Runs the check; returns details to show when it passes, throws when it fails. */
    abstract Map<String, Object> check();

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::result, executor)
                .completeOnTimeout(down("no answer within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private HealthResult result() {
        try {
            return HealthResult.builder(name(), HealthStatus.UP).details(check()).build();
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.warn("error id {}: readiness check '{}' failed", errorId, name(), e);
            return down("failed (error id " + errorId + "); the log has the details");
        }
    }

    private HealthResult down(String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", why);
        return HealthResult.builder(name(), HealthStatus.DOWN).details(details).build();
    }
}
