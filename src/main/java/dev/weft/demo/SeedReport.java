package dev.weft.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a seed made: rows per table (in creation order), how many of them carry a junk identifier,
 * how many people, and how long it took.
 */
public record SeedReport(long profiles, long seed, Instant referenceTime, Map<String, Long> rows,
                         Map<String, Long> junkRows, Duration elapsed) {

    static SeedReport of(SyntheticCustomers customers, SyntheticCustomers.RowCounts c, boolean truth, Duration elapsed) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put(RawTables.EVENTS, c.events);
        rows.put(RawTables.ORDERS, c.orders);
        rows.put(RawTables.CONTACTS, c.contacts);
        if (truth) {
            rows.put(RawTables.IDENTITY_TRUTH, c.truth);
        }
        Map<String, Long> junk = new LinkedHashMap<>();
        junk.put(RawTables.EVENTS, c.junkEvents);
        junk.put(RawTables.ORDERS, c.junkOrders);
        junk.put(RawTables.CONTACTS, c.junkContacts);
        return new SeedReport(c.people, customers.seed(), customers.referenceTime(),
                Collections.unmodifiableMap(rows), Collections.unmodifiableMap(junk), elapsed);
    }

    /** The summary the demo commands print. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "seeded %,d people (seed %d, data for the year up to %s)%n", profiles, seed,
                referenceTime);
        rows.forEach((table, count) -> {
            Long junk = junkRows.get(table);
            out.printf(Locale.ROOT, "  %-20s %,12d rows%s%n", table, count,
                    junk == null ? "" : String.format(Locale.ROOT, " (%,d with junk identifiers)", junk));
        });
        out.flush();
    }

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
