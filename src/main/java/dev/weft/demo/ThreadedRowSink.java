package dev.weft.demo;

import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.Warehouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Appends the generated rows to the raw tables through the warehouse's bulk path, with one writer thread
 * per table: the generator hands over batches of rows and goes on making the next ones while the
 * writers load. Memory stays bounded by a few batches per table.
 */
final class ThreadedRowSink implements RawRowSink, AutoCloseable {

    private static final int BATCH = 2048;
    private static final int BATCHES_IN_FLIGHT = 4;

    private final List<TableFeed> feeds = new ArrayList<>();
    private final TableFeed events;
    private final TableFeed orders;
    private final TableFeed contacts;
    private final TableFeed truth;

    /** Starts the writer threads; each opens its table's bulk writer itself (errors surface on add or close). */
    ThreadedRowSink(Warehouse warehouse, boolean withTruth) {
        events = open(warehouse, RawTables.EVENTS, RawTables.EVENT_COLUMNS);
        orders = open(warehouse, RawTables.ORDERS, RawTables.ORDER_COLUMNS);
        contacts = open(warehouse, RawTables.CONTACTS, RawTables.CONTACT_COLUMNS);
        truth = withTruth ? open(warehouse, RawTables.IDENTITY_TRUTH, RawTables.TRUTH_COLUMNS) : null;
    }

    private TableFeed open(Warehouse warehouse, String table, List<Column> columns) {
        TableFeed feed = new TableFeed(warehouse, table, RawTables.names(columns));
        feeds.add(feed);
        feed.thread.start();
        return feed;
    }

    @Override
    public void event(String eventId, String anonymousId, String userId, String deviceId, String eventName,
                      String properties, long occurredAt) {
        events.add(new Object[]{eventId, anonymousId, userId, deviceId, eventName, properties,
                Instant.ofEpochSecond(occurredAt)});
    }

    @Override
    public void order(String orderId, String userId, String email, double amount, String currency, String status,
                      long orderedAt) {
        orders.add(new Object[]{orderId, userId, email, amount, currency, status, Instant.ofEpochSecond(orderedAt)});
    }

    @Override
    public void contact(String contactId, String email, String phone, String userId, String firstName,
                        String lastName, String country, String plan, long createdAt, long updatedAt) {
        contacts.add(new Object[]{contactId, email, phone, userId, firstName, lastName, country, plan,
                Instant.ofEpochSecond(createdAt), Instant.ofEpochSecond(updatedAt)});
    }

    @Override
    public void truth(String personId, String idType, String idValue) {
        truth.add(new Object[]{personId, idType, idValue});
    }

    /** Sends the last rows, waits for the writers and commits every table; throws the first failure. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (TableFeed feed : feeds) {
            try {
                feed.finish();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else if (e != failure) {
                    failure.addSuppressed(e);
                }
            }
        }
        feeds.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One table: the batch being filled, the hand-over queue and the thread that appends. The writer is
     * opened, used and closed on that thread only (DuckDB's appender is confined to the thread that made it).
     */
    private static final class TableFeed {
        private static final Object[][] END = new Object[0][];

        private final Warehouse warehouse;
        private final String table;
        private final List<String> columns;
        private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        private final Thread thread;
        private Object[][] batch = new Object[BATCH][];
        private int size;
        private volatile RuntimeException failure;
        /** Whether the generator already received the failure (so close() does not throw it a second time). */
        private boolean failureThrown;

        TableFeed(Warehouse warehouse, String table, List<String> columns) {
            this.warehouse = warehouse;
            this.table = table;
            this.columns = columns;
            this.thread = new Thread(this::drain, "seed-" + table);
            thread.setDaemon(true);
        }

        void add(Object[] row) {
            batch[size++] = row;
            if (size == BATCH) {
                if (failure != null) {
                    failureThrown = true;
                    throw failure;
                }
                hand(batch);
                batch = new Object[BATCH][];
                size = 0;
            }
        }

        private void hand(Object[][] rows) {
            try {
                queue.put(rows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeftException("seeding " + table + " was interrupted", e);
            }
        }

        private void drain() {
            BulkWriter writer = null;
            try {
                writer = warehouse.bulkWriter(table, columns);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                for (Object[][] rows = queue.take(); rows != END; rows = queue.take()) {
                    if (failure != null) {
                        continue; // keep taking, so the generator never blocks on a failed writer
                    }
                    try {
                        for (Object[] row : rows) {
                            if (row == null) {
                                break;
                            }
                            writer.append(row);
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
            } catch (InterruptedException e) {
                failure = new WeftException("seeding " + table + " was interrupted", e);
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }

        /** Hands over the last rows, waits until the writer committed, and throws its failure if any. */
        void finish() {
            if (size > 0 && failure == null) {
                hand(batch);
            }
            hand(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeftException("seeding " + table + " was interrupted", e);
            }
            if (failure != null && !failureThrown) {
                throw failure;
            }
        }
    }
}
