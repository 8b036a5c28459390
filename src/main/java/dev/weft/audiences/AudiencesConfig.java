package dev.weft.audiences;

import dev.weft.WeftException;
import io.micronaut.context.annotation.ConfigurationProperties;
import dev.weft.warehouse.ColumnType;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * {@code weft.audiences}: the models audiences read. {@code traits-model} has one row per profile_id;
 * {@code events-model} has profile_id, event_name, occurred_at (and optionally properties JSON and
 * numeric columns such as revenue). {@code as-of} is where relative windows end when a preview or run
 * names none: the clock (unset), {@code latest-event}, or an ISO-8601 instant. {@code properties} declares the
 * types of keys of the events' JSON properties, listed by type ({@code number: [price, quantity]}; the type is the
 * map key because configuration keys are normalized to kebab case, and property names must stay as written).
 */
@ConfigurationProperties("weft.audiences")
public record AudiencesConfig(@Nullable String traitsModel, @Nullable String eventsModel, @Nullable String asOf,
                              @Nullable Map<String, List<String>> properties) {

    public String traits() {
        return traitsModel == null || traitsModel.isBlank() ? "profile_traits" : traitsModel;
    }

    public String events() {
        return eventsModel == null || eventsModel.isBlank() ? "profile_events" : eventsModel;
    }

    /** The workspace's default reference time; a value that is none is an error naming the setting. */
    public AsOf defaultAsOf() {
        if (asOf == null || asOf.isBlank()) {
            return AsOf.CLOCK;
        }
        try {
            return AsOf.parse(asOf, "weft.audiences.as-of");
        } catch (InvalidAudienceException e) {
            throw new WeftException("weft.audiences.as-of in weft.yml: '" + asOf
                    + "' is neither latest-event nor an ISO-8601 instant such as 2026-01-05T00:00:00Z");
        }
    }

    /** The declared property types; a type that is none is an error naming the setting. */
    public Map<String, ColumnType> declaredPropertyTypes() {
        return PropertyTypes.declared(properties);
    }
}
