package dev.weft.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code weft.store}: the operational database (audiences, syncs, runs, tokens, credentials).
 * Without a URL it is an embedded H2 file under {@code .weft/store}; in production a PostgreSQL URL,
 * shared by every {@code weft serve} replica.
 */
@ConfigurationProperties("weft.store")
public record StoreConfig(@Nullable String url, @Nullable String user, @Nullable String password,
                          @Nullable Integer maxConnections) {
}
