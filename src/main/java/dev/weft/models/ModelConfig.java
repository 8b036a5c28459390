package dev.weft.models;

import java.util.List;

/**
 * What a model's {@code {{ config(...) }}} call sets: how it is materialized and, for incremental
 * models, the key rows are merged on (none: new rows are appended).
 */
public record ModelConfig(Materialization materialized, List<String> uniqueKey) {

    public static final ModelConfig DEFAULT = new ModelConfig(Materialization.VIEW, List.of());

    public enum Materialization {
        VIEW, TABLE, INCREMENTAL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
