package dev.weft.models;

import java.util.List;

/**
 * A dbt schema test from a {@code models/*.yml} file: {@code not_null}, {@code unique},
 * {@code accepted_values} ({@code values}) or {@code relationships} ({@code toModel}.{@code field}). Its {@code tags}
 * are its column's and its own, as dbt gives them (not its model's: the model's tags select it indirectly).
 */
public record SchemaTest(String type, String model, String column, List<String> values, String toModel,
                         String field, String file, int line, List<String> tags) {

    public SchemaTest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** dbt's naming: {@code not_null_stg_orders_order_id}. */
    public String name() {
        return type + "_" + model + "_" + column;
    }
}
