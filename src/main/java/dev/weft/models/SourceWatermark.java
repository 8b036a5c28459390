package dev.weft.models;

import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one query ({@code sql/models/watermark.sql}) says of a source table: its rows, the newest value of its
 * {@code loaded_at_field} (null without one, or with no rows), as text and as a time, and the warehouse's time then.
 * The pipeline watches the first two for new rows; source freshness measures the newest value's age.
 */
public record SourceWatermark(long rows, String newestText, Instant newest, Instant now) {

    /** Reads the watermark of {@code table} (in {@code schema} when not null); {@code loadedAtField} may be null. */
    public static SourceWatermark read(Warehouse w, String table, String schema, String loadedAtField) {
        String sql = SqlTemplates.render(w.dialect(), "models/watermark.sql", Map.of("table", table,
                "schema", schema == null ? "" : schema, "loaded_at", loadedAtField == null ? "" : loadedAtField));
        SourceWatermark[] out = new SourceWatermark[1];
        w.query(sql, List.of(), row -> out[0] = new SourceWatermark(row.getLong(0), row.getString(1), row.getInstant(1),
                row.getInstant(2)));
        return out[0];
    }
}
