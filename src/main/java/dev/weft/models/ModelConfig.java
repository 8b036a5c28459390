package dev.weft.models;

import java.util.List;

/**
 * What a model's {@code {{ config(...) }}} call sets: how it is materialized, for incremental
 * models the key rows are merged on (none: new rows are appended), and its {@code tags} (with
 * those of its schema file entry), which {@code tag:} selectors match.
 */
public record ModelConfig(Materialization materialized, List<String> uniqueKey, List<String> tags) {

    public static final ModelConfig DEFAULT = new ModelConfig(Materialization.VIEW, List.of(), List.of());

    public ModelConfig {
        uniqueKey = List.copyOf(uniqueKey);
        tags = List.copyOf(tags);
    }

    ModelConfig withTags(List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(tags);
        all.addAll(more);
        return new ModelConfig(materialized, uniqueKey, List.copyOf(all));
    }

    public enum Materialization {
        VIEW, TABLE, INCREMENTAL,
        /** A CSV file under models/seeds/, loaded as a table; never set by config(). */
        SEED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
