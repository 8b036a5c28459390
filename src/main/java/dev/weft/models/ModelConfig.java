package dev.weft.models;

import java.util.List;

/**
 * What a model's {@code {{ config(...) }}} call sets: how it is materialized, for incremental
 * models the key rows are merged on (none: new rows are appended), and its {@code tags} (with
 * those of its schema file entry), which {@code tag:} selectors match. A snapshot's settings are in
 * {@code snapshot} (null for every other node). {@code preHook} and {@code postHook} are dbt's hooks: SQL
 * statements run before and after the model is built, kept as written and rendered when they run (so
 * {@code {{ this }}} and {@code is_incremental()} answer for that build).
 */
public record ModelConfig(Materialization materialized, List<String> uniqueKey, List<String> tags, SnapshotConfig snapshot,
                          List<String> preHook, List<String> postHook) {

    public static final ModelConfig DEFAULT = new ModelConfig(Materialization.VIEW, List.of(), List.of());

    public ModelConfig(Materialization materialized, List<String> uniqueKey, List<String> tags) {
        this(materialized, uniqueKey, tags, null);
    }

    public ModelConfig(Materialization materialized, List<String> uniqueKey, List<String> tags, SnapshotConfig snapshot) {
        this(materialized, uniqueKey, tags, snapshot, List.of(), List.of());
    }

    public ModelConfig {
        uniqueKey = List.copyOf(uniqueKey);
        tags = List.copyOf(tags);
        preHook = List.copyOf(preHook);
        postHook = List.copyOf(postHook);
    }

    ModelConfig withTags(List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(tags);
        all.addAll(more);
        return new ModelConfig(materialized, uniqueKey, List.copyOf(all), snapshot, preHook, postHook);
    }

    public enum Materialization {
        VIEW, TABLE, INCREMENTAL,
        /** A CSV file under models/seeds/, loaded as a table; never set by config(). */
        SEED,
        /** A {@code {% snapshot %}} block under snapshots/: type-2 history of its query; never set by config(). */
        SNAPSHOT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
