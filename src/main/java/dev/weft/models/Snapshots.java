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
 * dbt's columns, swapped in as a table model is; each later run stages the query, adds to the table the columns the
 * query gained (as dbt does; none is ever dropped) and, in one transaction, closes the current rows of changed (and,
 * with {@code hard_deletes} {@code invalidate} or {@code new_record}, vanished) records, adds a deletion row for each
 * vanished record with {@code new_record}, and inserts the new versions and new records. A run with nothing changed
 * inserts nothing, so a re-run is a no-op.
 */
final class Snapshots {

    /** dbt's columns, added to the query's ({@code dbt_is_deleted} with {@code hard_deletes='new_record'} only). */
    static final List<String> META_COLUMNS = List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted");

    private Snapshots() {
    }

    /** Runs a snapshot; returns the rows of its table afterwards. {@code sent} gets every statement sent. */
    static long run(Warehouse warehouse, Model snapshot, List<String> sent) {
        Dialect d = warehouse.dialect();
        String name = snapshot.name();
        Map<String, Object> vars = vars(snapshot);
        String stage = SqlTemplates.render(d, "models/snapshot.sql#stage", vars);
        List<String> columns = columns(warehouse, name);
        if (columns.isEmpty()) {
            List<String> create = new ArrayList<>(Materializations.buildStaging(d, name, stage));
            create.addAll(Materializations.swapIn(d, name));
            execute(warehouse, create, sent);
        } else {
            String staged = Materializations.stagingName(name);
            execute(warehouse, d.createTableAs(staged, stage, true), sent);
            List<String> added = new ArrayList<>();
            List<String> all = new ArrayList<>(columns);
            for (TableInfo.ColumnInfo c : warehouse.describeTable(staged).map(TableInfo::columns).orElse(List.of())) {
                if (!columns.contains(c.name())) {
                    Map<String, Object> column = new HashMap<>(vars);
                    column.put("column", c.name());
                    column.put("type", c.engineType() != null ? c.engineType() : d.typeName(c.type()));
                    added.add(SqlTemplates.render(d, "models/snapshot.sql#add_column", column));
                    all.add(c.name());
                }
            }
            // Apart from the merge: BigQuery allows no DDL on a permanent table in a transaction. Adding a column twice
            // cannot happen: after a crash here, the next run finds it in the table.
            if (!added.isEmpty()) {
                execute(warehouse, added, sent);
            }
            execute(warehouse, merge(d, snapshot, vars, all), sent);
        }
        return warehouse.queryLong(Materializations.rowCount(d, name)).orElse(0L);
    }

    private static Map<String, Object> vars(Model snapshot) {
        SnapshotConfig config = snapshot.config().snapshot();
        Map<String, Object> vars = new HashMap<>();
        vars.put("name", snapshot.name());
        vars.put("staged", Materializations.stagingName(snapshot.name()));
        vars.put("select", Materializations.embed(snapshot.sql()));
        vars.put("key", config.uniqueKey());
        vars.put("strategy", config.strategy());
        vars.put("updated_at", config.updatedAt() == null ? "" : config.updatedAt());
        vars.put("new_record", config.recordsHardDeletes());
        return vars;
    }

    /** The statements that fold the staged query into the snapshot's table, of {@code columns} (the query's gained ones too). */
    private static List<String> merge(Dialect d, Model snapshot, Map<String, Object> stageVars, List<String> columns) {
        SnapshotConfig config = snapshot.config().snapshot();
        List<String> dataColumns = columns.stream().filter(c -> !META_COLUMNS.contains(c)).toList();
        List<String> checked = config.checkAll() ? dataColumns : config.checkCols().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (String c : checked) {
            if (!dataColumns.contains(c)) {
                throw new WeftException(snapshot.file() + ": snapshot '" + snapshot.name() + "': check_cols names '" + c
                        + "', which is not a column of the snapshot " + dataColumns);
            }
        }
        Map<String, Object> vars = new HashMap<>(stageVars);
        vars.put("check_cols", checked);
        vars.put("columns", columns);
        List<String> out = new ArrayList<>();
        out.add(SqlTemplates.render(d, "models/snapshot.sql#close_changed", vars));
        if (config.recordsHardDeletes()) {
            out.add(SqlTemplates.render(d, "models/snapshot.sql#record_deleted", vars));
        }
        if (config.closesHardDeletes()) {
            out.add(SqlTemplates.render(d, "models/snapshot.sql#invalidate_deleted", vars));
        }
        out.add(SqlTemplates.render(d, "models/snapshot.sql#insert_new", vars));
        out.add(d.dropTableIfExists(Materializations.stagingName(snapshot.name())));
        return out;
    }

    private static List<String> columns(Warehouse warehouse, String table) {
        return warehouse.describeTable(table).map(TableInfo::columns).orElse(List.of()).stream().map(TableInfo.ColumnInfo::name).toList();
    }

    private static void execute(Warehouse warehouse, List<String> statements, List<String> sent) {
        sent.addAll(statements);
        warehouse.executeAll(statements);
    }
}
