package dev.weft.models;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot's {@code {{ config(...) }}} sets, with dbt's meaning: {@code unique_key} (one column or several)
 * names a record; the {@code timestamp} strategy sees a change when {@code updated_at} grows, the {@code check}
 * strategy when one of {@code check_cols} (or, with {@code 'all'}, any column) differs; {@code hard_deletes}
 * ({@code ignore}, {@code invalidate}, {@code new_record}; dbt's older {@code invalidate_hard_deletes=true} is
 * {@code invalidate}) says what a record gone from the query does to its current row: nothing, closes it, or closes
 * it and adds a row with {@code dbt_is_deleted = 'True'}.
 */
public record SnapshotConfig(String strategy, List<String> uniqueKey, String updatedAt, List<String> checkCols,
                             String hardDeletes) {

    public static final String TIMESTAMP = "timestamp";
    public static final String CHECK = "check";
    public static final String INVALIDATE = "invalidate";
    public static final String IGNORE = "ignore";
    public static final String NEW_RECORD = "new_record";
    /** {@code check_cols='all'}: every column of the query is compared. */
    public static final List<String> ALL_COLUMNS = List.of("all");

    public static final SnapshotConfig NONE = new SnapshotConfig(null, List.of(), null, List.of(), IGNORE);

    public SnapshotConfig {
        uniqueKey = List.copyOf(uniqueKey);
        checkCols = List.copyOf(checkCols);
    }

    public boolean checkAll() {
        return checkCols.equals(ALL_COLUMNS);
    }

    /** Whether a record gone from the query has its current row closed ({@code invalidate} or {@code new_record}). */
    public boolean closesHardDeletes() {
        return INVALIDATE.equals(hardDeletes) || NEW_RECORD.equals(hardDeletes);
    }

    /** {@code new_record}: the snapshot has dbt's {@code dbt_is_deleted} column and a deletion is a row of its own. */
    public boolean recordsHardDeletes() {
        return NEW_RECORD.equals(hardDeletes);
    }

    /** What is missing or contradictory, each said as dbt's settings are named; empty when the snapshot can run. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (uniqueKey.isEmpty()) {
            out.add("a snapshot needs config(unique_key='...'), the column (or list of columns) naming a record");
        }
        if (TIMESTAMP.equals(strategy)) {
            if (updatedAt == null) {
                out.add("strategy='timestamp' needs updated_at='<column>', the column that grows when a record changes");
            }
            if (!checkCols.isEmpty()) {
                out.add("check_cols is for strategy='check', not 'timestamp'");
            }
        } else if (CHECK.equals(strategy)) {
            if (checkCols.isEmpty()) {
                out.add("strategy='check' needs check_cols=['<column>', ...] or check_cols='all'");
            }
        } else {
            out.add(strategy == null ? "a snapshot needs config(strategy='timestamp') or config(strategy='check')"
                    : "strategy='" + strategy + "' is not one of timestamp, check");
        }
        if (!INVALIDATE.equals(hardDeletes) && !IGNORE.equals(hardDeletes) && !NEW_RECORD.equals(hardDeletes)) {
            out.add("hard_deletes='" + hardDeletes + "' is not one of ignore, invalidate, new_record");
        }
        return out;
    }
}
