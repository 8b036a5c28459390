package dev.weft.demo;

import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;

import java.util.List;

import static dev.weft.warehouse.ColumnType.DOUBLE;
import static dev.weft.warehouse.ColumnType.JSON;
import static dev.weft.warehouse.ColumnType.TIMESTAMP;
import static dev.weft.warehouse.ColumnType.VARCHAR;

/** The raw demo tables: a shared contract (see the brief) that the models and identity features read. */
public final class RawTables {

    public static final String EVENTS = "raw_events";
    public static final String ORDERS = "raw_orders";
    public static final String CONTACTS = "raw_contacts";
    /** Ground truth, written only on request: which identifiers belong to which synthetic person. */
    public static final String IDENTITY_TRUTH = "raw_identity_truth";

    static final List<Column> EVENT_COLUMNS = columns(
            "event_id", VARCHAR, "anonymous_id", VARCHAR, "user_id", VARCHAR, "device_id", VARCHAR,
            "event_name", VARCHAR, "properties", JSON, "occurred_at", TIMESTAMP);
    static final List<Column> ORDER_COLUMNS = columns(
            "order_id", VARCHAR, "user_id", VARCHAR, "email", VARCHAR, "amount", DOUBLE, "currency", VARCHAR,
            "status", VARCHAR, "ordered_at", TIMESTAMP);
    static final List<Column> CONTACT_COLUMNS = columns(
            "contact_id", VARCHAR, "email", VARCHAR, "phone", VARCHAR, "user_id", VARCHAR, "first_name", VARCHAR,
            "last_name", VARCHAR, "country", VARCHAR, "plan", VARCHAR, "created_at", TIMESTAMP, "updated_at", TIMESTAMP);
    static final List<Column> TRUTH_COLUMNS = columns(
            "person_id", VARCHAR, "id_type", VARCHAR, "id_value", VARCHAR);

    private RawTables() {
    }

    /** Creates (replacing) the raw tables, and the truth table when asked; drops a stale truth table otherwise. */
    static void create(Warehouse warehouse, boolean truth) {
        warehouse.createTable(EVENTS, EVENT_COLUMNS, true);
        warehouse.createTable(ORDERS, ORDER_COLUMNS, true);
        warehouse.createTable(CONTACTS, CONTACT_COLUMNS, true);
        if (truth) {
            warehouse.createTable(IDENTITY_TRUTH, TRUTH_COLUMNS, true);
        } else {
            // A truth table from an earlier seed would describe other people.
            warehouse.executeAll(List.of(warehouse.dialect().dropTableIfExists(IDENTITY_TRUTH)));
        }
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    private static List<Column> columns(Object... nameTypePairs) {
        Column[] columns = new Column[nameTypePairs.length / 2];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = Column.of((String) nameTypePairs[2 * i], (ColumnType) nameTypePairs[2 * i + 1]);
        }
        return List.of(columns);
    }
}
