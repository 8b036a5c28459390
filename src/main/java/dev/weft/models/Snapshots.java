package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * dbt's snapshots ({@code sql/models/snapshot.sql}): the first run builds the snapshot table from the query with
 * dbt's columns, swapped in as a table model is; each later run stages the query and, in one transaction, closes
 * the current rows of changed (and, with {@code hard_deletes='invalidate'}, vanished) records and inserts their
 * new versions and new records. A run with nothing changed inserts nothing, so a re-run is a no-op.
 */
final class Snapshots {

    /** dbt's columns, added to the query's. */
    static final List<String> META_COLUMNS = List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to");

    private Snapshots() {
    }

    /** The statements of a snapshot's run against its table, of {@code columns} (empty: there is no table yet). */
    static List<String> statements(Dialect d, Model snapshot, List<String> columns) {
        SnapshotConfig config = snapshot.config().snapshot();
        String name = snapshot.name();
        String staged = Materializations.stagingName(name);
        Map<String, Object> vars = new HashMap<>();
        vars.put("name", name);
        vars.put("staged", staged);
        vars.put("select", Materializations.embed(snapshot.sql()));
        vars.put("key", config.uniqueKey());
        vars.put("strategy", config.strategy());
        vars.put("updated_at", config.updatedAt() == null ? "" : config.updatedAt());
        String stage = SqlTemplates.render(d, "models/snapshot.sql#stage", vars);
        if (columns.isEmpty()) {
            List<String> out = new ArrayList<>(Materializations.buildStaging(d, name, stage));
            out.addAll(Materializations.swapIn(d, name));
            return out;
        }
        List<String> dataColumns = columns.stream().filter(c -> !META_COLUMNS.contains(c)).toList();
        List<String> checked = config.checkAll() ? dataColumns : config.checkCols().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (String c : checked) {
            if (!dataColumns.contains(c)) {
                throw new WeftException(snapshot.file() + ": snapshot '" + name + "': check_cols names '" + c
                        + "', which is not a column of the snapshot " + dataColumns);
            }
        }
        vars.put("check_cols", checked);
        vars.put("columns", columns);
        List<String> out = new ArrayList<>(d.createTableAs(staged, stage, true));
        out.add(SqlTemplates.render(d, "models/snapshot.sql#close_changed", vars));
        if (config.invalidatesHardDeletes()) {
            out.add(SqlTemplates.render(d, "models/snapshot.sql#invalidate_deleted", vars));
        }
        out.add(SqlTemplates.render(d, "models/snapshot.sql#insert_new", vars));
        out.add(d.dropTableIfExists(staged));
        return out;
    }

    /** Runs a snapshot; returns the rows of its table afterwards. */
    static long run(Warehouse warehouse, Model snapshot, List<String> sent) {
        Dialect d = warehouse.dialect();
        List<String> columns = warehouse.describeTable(snapshot.name()).map(TableInfo::columns).orElse(List.of()).stream()
                .map(TableInfo.ColumnInfo::name).toList();
        List<String> statements = statements(d, snapshot, columns);
        sent.addAll(statements);
        warehouse.executeAll(statements);
        return warehouse.queryLong(Materializations.rowCount(d, snapshot.name())).orElse(0L);
    }
}
