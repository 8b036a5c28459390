package dev.weft.destinations;

import java.util.Map;

/**
 * A named connection to one vendor account: its plain settings (e.g. {@code portal-id}, {@code base-url})
 * and its secrets (e.g. {@code access-token}), already unsealed by the store. Every provider honors a
 * {@code base-url} setting, which points it at the vendor's API (tests point it at a local server).
 */
public record DestinationConnection(String id, String name, String type, Map<String, String> settings,
                                    Map<String, String> secrets) {

    public DestinationConnection {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        // Secrets never reach logs.
        return "DestinationConnection[" + name + " (" + type + "), settings=" + SecretUrls.redact(settings)
                + ", secrets=" + secrets.keySet() + "]";
    }
}
