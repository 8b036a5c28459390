package dev.weft.audiences;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code weft.audiences}: the models audiences read. {@code traits-model} has one row per profile_id;
 * {@code events-model} has profile_id, event_name, occurred_at (and optionally properties JSON and
 * numeric columns such as revenue).
 */
@ConfigurationProperties("weft.audiences")
public record AudiencesConfig(@Nullable String traitsModel, @Nullable String eventsModel) {

    public String traits() {
        return traitsModel == null || traitsModel.isBlank() ? "profile_traits" : traitsModel;
    }

    public String events() {
        return eventsModel == null || eventsModel.isBlank() ? "profile_events" : eventsModel;
    }
}
