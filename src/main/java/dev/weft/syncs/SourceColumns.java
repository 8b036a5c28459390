package dev.weft.syncs;

import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.definitions.Suggestions;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks what a sync names from its source (its key and every mapped column) against the columns the
 * warehouse's catalogue gives the source: the model's, or for an audience the traits model's plus the
 * members' {@code profile_id}. Used when a sync is created or changed and again before each plan.
 */
final class SourceColumns {

    /**
     * The outcome: {@code missing} when the source table or view is not in the warehouse (nothing else is
     * checked then), else one problem per unknown column, naming the nearest existing one.
     */
    record Check(Problem missing, List<Problem> problems) {

        boolean ok() {
            return missing == null && problems.isEmpty();
        }
    }

    private SourceColumns() {
    }

    static Check check(Warehouse warehouse, SyncDefinition sync) {
        SyncDefinition.Source src = sync.source();
        String table = src.isAudience() ? src.traits() : src.model();
        TableInfo info = warehouse.describeTable(table).orElse(null);
        if (info == null) {
            return new Check(new Problem(src.isAudience() ? "/source/traits" : "/source/model", "no table or view '" + table
                    + "' in warehouse '" + warehouse.name() + "' yet (run the models first)"), List.of());
        }
        Set<String> columns = new TreeSet<>(info.columns().stream().map(TableInfo.ColumnInfo::name).toList());
        if (src.isAudience()) {
            columns.add("profile_id");
        }
        List<Problem> problems = new ArrayList<>();
        unknown(sync.key(), "/key", table, columns).ifPresent(problems::add);
        List<SyncDefinition.FieldMapping> mapping = sync.mapping();
        for (int i = 0; i < mapping.size(); i++) {
            String from = mapping.get(i).from();
            if (from != null) {
                unknown(from, "/mapping/" + i + "/from", table, columns).ifPresent(problems::add);
            }
        }
        src.identifiers().forEach((type, column) ->
                unknown(column, JsonPointers.member("/source/identifiers", type), table, columns).ifPresent(problems::add));
        return new Check(null, problems);
    }

    private static Optional<Problem> unknown(String column, String at, String table, Set<String> columns) {
        if (columns.contains(column.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new Problem(at, "no column '" + column + "' in " + table
                + Suggestions.didYouMean(column, columns) + " (columns: " + String.join(", ", columns) + ")"));
    }
}
