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

    /** Like the record's own, with the password (also inside the URL) masked, so a logged config never shows it. */
    @Override
    public String toString() {
        return "StoreConfig[url=" + (url == null ? null : redact(url))
                + ", user=" + user + ", password=" + (password == null ? null : "***") + ", maxConnections=" + maxConnections + "]";
    }

    /** The URL with a {@code password=} parameter masked. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
