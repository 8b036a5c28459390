package dev.weft.audiences;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A profile's traits: its row of the traits model audiences are built from ({@code sql/audiences/profile_traits.sql}),
 * the columns the builder's catalog offers, in the model's order, read under the time limit for interactive queries.
 */
@Singleton
public class ProfileTraits {

    private final AudienceSchemaCache schemas;
    private final Warehouses warehouses;

    public ProfileTraits(AudienceSchemaCache schemas, Warehouses warehouses) {
        this.schemas = schemas;
        this.warehouses = warehouses;
    }

    /**
     * The profile's traits by column (a null value kept as null); empty when the traits model has no row for it.
     * Without the traits model, an {@link AudiencesNotReadyException}.
     */
    public Optional<Map<String, Object>> of(String profileId) {
        TableInfo traits = schemas.schema().traits();
        Map<String, ColumnType> types = traits.columns().stream()
                .collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), TableInfo.ColumnInfo::type, (a, b) -> a));
        Warehouse w = warehouses.interactive();
        return w.queryList(SqlTemplates.render(w.dialect(), "audiences/profile_traits.sql", Map.of("table", traits.name())),
                List.of(profileId), row -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < row.columnCount(); i++) {
                        String column = row.columnName(i).toLowerCase(Locale.ROOT);
                        ColumnType type = types.get(column);
                        if (type == null || column.equals(AudienceSchema.PROFILE_ID) || !AudienceBuilderCatalog.offered(column)) {
                            continue;
                        }
                        values.put(column, row.getObject(i) == null ? null : AudiencePreviews.jsonValue(row, i, type));
                    }
                    return values;
                }).stream().findFirst();
    }
}
