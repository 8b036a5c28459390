package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A connection as the API answers it: settings with secrets in URLs redacted, and which secrets are set. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConnectionView(String id, String name, String type, Map<String, String> settings, List<String> secretsSet,
                      Instant createdAt, Instant updatedAt) {

    static ConnectionView of(dev.weft.syncs.Connections.Connection c) {
        return new ConnectionView(c.id(), c.name(), c.type(), dev.weft.destinations.SecretUrls.redact(c.settings()),
                c.secretsSet().stream().sorted().toList(), c.createdAt(), c.updatedAt());
    }
}
