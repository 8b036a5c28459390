package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** What an upsert or update sync sends once to a member it sent before who loses consent (docs/consent.md). */
@Schema(description = "the update sent once to a member sent before who loses consent for the sync's purpose (docs/consent.md)")
record SyncConsentLostBody(@Nullable @JsonInclude(content = JsonInclude.Include.ALWAYS) @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
        additionalProperties = Schema.AdditionalPropertiesValue.TRUE, description = "destination field to a text, number, boolean or null, e.g. {\"email_opt_in\": false}; sent with the"
                + " fields mapped from the key as last sent") Map<String, Object> fields) {
}
