package dev.weft.api;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Set;

/** What the store knows about an API token: never the token itself. */
public record ApiToken(String name, Set<String> scopes, Instant createdAt, @Nullable Instant lastUsedAt,
                       @Nullable Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
