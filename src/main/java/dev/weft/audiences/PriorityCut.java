package dev.weft.audiences;

import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A priority list's cut in the warehouse ({@code sql/audiences/priority.sql}), from its audiences' materialized
 * members: {@code weft_priority_members} holds each list's members with the one audience each counts in (the
 * first of the list's audiences it is a member of), what a sync reading through the list reads.
 */
public final class PriorityCut {

    public static final String MEMBERS_TABLE = "weft_priority_members";
    private static final String TEMPLATE = "audiences/priority.sql";

    private PriorityCut() {
    }

    /** An audience's size before and after its list's cut. */
    public record Size(String audienceId, long before, long after) {
    }

    /** Each audience's size before and after the cut, in the list's order (an audience never materialized counts 0). */
    public static List<Size> sizes(Warehouse w, List<String> audiences) {
        Map<String, long[]> sizes = new HashMap<>();
        if (w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            w.query(SqlTemplates.render(w.dialect(), TEMPLATE + "#sizes", Map.of("n", audiences.size())), rankBinds(audiences),
                    row -> sizes.put(row.getString(0), new long[]{row.getLong(1), row.getLong(2)}));
        }
        return audiences.stream().map(a -> {
            long[] s = sizes.getOrDefault(a, new long[2]);
            return new Size(a, s[0], s[1]);
        }).toList();
    }

    /** Brings the list's rows to its cut, deleting and inserting only those that changed, so readers never see it empty. */
    public static void materialize(Warehouse w, String listId, List<String> audiences) {
        if (!w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            return; // no audience materialized yet: nothing to cut
        }
        if (!w.tableExists(MEMBERS_TABLE)) {
            w.createTable(MEMBERS_TABLE, List.of(Column.of("priority_list_id", ColumnType.VARCHAR),
                    Column.of("audience_id", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                    Column.of("split_group", ColumnType.VARCHAR)), false);
        }
        Map<String, Object> vars = Map.of("n", audiences.size(), "varchar", w.dialect().typeName(ColumnType.VARCHAR));
        List<Object> deleteBinds = new ArrayList<>(List.of(listId));
        deleteBinds.addAll(rankBinds(audiences));
        w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#delete_stale", vars), deleteBinds.toArray());
        List<Object> insertBinds = new ArrayList<>(deleteBinds);
        insertBinds.add(listId);
        w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#insert_new", vars), insertBinds.toArray());
    }

    /** How many profiles the list's cut holds. */
    public static long count(Warehouse w, String listId) {
        if (!w.tableExists(MEMBERS_TABLE)) {
            return 0;
        }
        return w.queryLong(SqlTemplates.render(w.dialect(), TEMPLATE + "#count", Map.of()), listId).orElse(0L);
    }

    /** Removes a deleted list's rows. */
    static void delete(Warehouse w, String listId) {
        if (w.tableExists(MEMBERS_TABLE)) {
            w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#delete_list", Map.of()), listId);
        }
    }

    /** The audiences bound for the rank (the CASE), then for the IN list. */
    private static List<Object> rankBinds(List<String> audiences) {
        List<Object> binds = new ArrayList<>(audiences);
        binds.addAll(audiences);
        return binds;
    }
}
