package dev.weft.api;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Set;

/** What the store knows about an API token: never the token itself. */
public record ApiToken(String name, Set<String> scopes, Instant createdAt, @Nullable Instant lastUsedAt,
                       @Nullable Instant revokedAt, @Nullable Instant expiresAt) {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** {@link #REVOKED}, {@link #EXPIRED} or {@link #ACTIVE} at {@code now}. */
    public String status(Instant now) {
        return revoked() ? REVOKED : expired(now) ? EXPIRED : ACTIVE;
    }
}
