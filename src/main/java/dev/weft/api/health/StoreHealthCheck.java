package dev.weft.api.health;

import dev.weft.store.Store;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** Readiness: the store answers a trivial query (tokens, runs and schedules all live there). */
@Singleton
public class StoreHealthCheck extends TimedHealthCheck {

    private final Store store;

    public StoreHealthCheck(Store store, @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                            @Value("${weft.health.timeout:5s}") Duration timeout) {
        super(executor, timeout);
        this.store = store;
    }

    @Override
    String name() {
        return "store";
    }

    @Override
    Map<String, Object> check() {
        store.dsl().selectOne().fetch();
        return Map.of("database", store.dialect().getName());
    }
}
