package dev.weft.demo;

import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Warehouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Appends the generated rows to the raw tables through the warehouse's bulk path, one writer per table. */
final class WarehouseRowSink implements RawRowSink, AutoCloseable {

    private final List<BulkWriter> open = new ArrayList<>();
    private final BulkWriter events;
    private final BulkWriter orders;
    private final BulkWriter contacts;
    private final BulkWriter truth;

    WarehouseRowSink(Warehouse warehouse, boolean withTruth) {
        try {
            events = open(warehouse, RawTables.EVENTS, RawTables.EVENT_COLUMNS);
            orders = open(warehouse, RawTables.ORDERS, RawTables.ORDER_COLUMNS);
            contacts = open(warehouse, RawTables.CONTACTS, RawTables.CONTACT_COLUMNS);
            truth = withTruth ? open(warehouse, RawTables.IDENTITY_TRUTH, RawTables.TRUTH_COLUMNS) : null;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private BulkWriter open(Warehouse warehouse, String table, List<dev.weft.warehouse.Column> columns) {
        BulkWriter writer = warehouse.bulkWriter(table, RawTables.names(columns));
        open.add(writer);
        return writer;
    }

    @Override
    public void event(String eventId, String anonymousId, String userId, String deviceId, String eventName,
                      String properties, long occurredAt) {
        events.append(eventId, anonymousId, userId, deviceId, eventName, properties, Instant.ofEpochSecond(occurredAt));
    }

    @Override
    public void order(String orderId, String userId, String email, double amount, String currency, String status,
                      long orderedAt) {
        orders.append(orderId, userId, email, amount, currency, status, Instant.ofEpochSecond(orderedAt));
    }

    @Override
    public void contact(String contactId, String email, String phone, String userId, String firstName,
                        String lastName, String country, String plan, long createdAt, long updatedAt) {
        contacts.append(contactId, email, phone, userId, firstName, lastName, country, plan,
                Instant.ofEpochSecond(createdAt), Instant.ofEpochSecond(updatedAt));
    }

    @Override
    public void truth(String personId, String idType, String idValue) {
        truth.append(personId, idType, idValue);
    }

    /** Commits every table; the first failure is thrown after all writers were closed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (BulkWriter writer : open) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
