package dev.weft.audiences;

import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated profiles, traits and events with known values (and deliberate gaps: profiles without a
 * traits row, unset traits, events without properties), loaded into a warehouse and kept in Java so a
 * test can compute an audience's right answer independently of SQL.
 */
final class AudienceTestData {

    static final LocalDateTime NOW = LocalDateTime.of(2025, 6, 15, 12, 0);
    private static final java.time.format.DateTimeFormatter ISO_SECONDS = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** shipped_at as the JSON holds it: in UTC with Z, or (on even minutes) local time with a +02:00 offset. */
    static String shippedAtText(LocalDateTime utc) {
        return utc.getMinute() % 2 == 0 ? ISO_SECONDS.format(utc.plusHours(2)) + "+02:00" : ISO_SECONDS.format(utc) + "Z";
    }
    static final List<String> EVENTS = List.of("page_viewed", "added_to_cart", "order_completed");

    record Traits(String profileId, String email, String country, Double lifetimeValue, Long orderCount,
                  Boolean vip, LocalDate signupDate, LocalDateTime lastOrderAt) {
    }

    /**
     * An event; its JSON properties hold {@code category} (text), {@code qty} (number), {@code gift} (boolean),
     * {@code shipped_at} (timestamp text) and {@code amount} (a JSON number or a string: "30", or "n/a", which no
     * type converts), each sometimes missing.
     */
    record Event(String profileId, String name, LocalDateTime occurredAt, String category, Double revenue,
                 Long qty, Boolean gift, LocalDateTime shippedAt, Object amount) {
        Event(String profileId, String name, LocalDateTime occurredAt, String category, Double revenue) {
            this(profileId, name, occurredAt, category, revenue, null, null, null, null);
        }
    }

    /** A spell a profile spent in an audience, as the membership history holds it (exitedAt null: still a member). */
    record Spell(String audienceId, String profileId, LocalDateTime enteredAt, LocalDateTime exitedAt) {
    }

    /** The audiences the generated membership history is about. */
    static final List<String> HISTORY_AUDIENCES = List.of("vips", "carters");

    final List<String> profileIds = new ArrayList<>();
    final List<Traits> traits = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Spell> history = new ArrayList<>();

    AudienceTestData(int profiles, long seed) {
        Random r = new Random(seed);
        Random typed = new Random(seed + 1); // apart, so the other columns stay what they were
        String[] countries = {"DE", "FR", "US", "GB", "ES"};
        double[] values = {0.0, 50.0, 100.0, 199.5, 200.0, 250.0, 300.0, 1200.0};
        String[] categories = {"shoes", "hats", "bags"};
        for (int i = 0; i < profiles; i++) {
            String id = String.format("prof-%04d", i);
            profileIds.add(id);
            if (i % 11 == 5) {
                continue; // a profile the traits model does not know
            }
            traits.add(new Traits(id,
                    maybe(r, i % 3 == 0 ? "User" + i + "@Shop.io" : "user" + i + "@example.com"),
                    maybe(r, countries[r.nextInt(countries.length)]),
                    maybe(r, values[r.nextInt(values.length)]),
                    maybe(r, (long) r.nextInt(6)),
                    maybe(r, r.nextBoolean()),
                    maybe(r, NOW.toLocalDate().minusDays(r.nextInt(400))),
                    maybe(r, NOW.minusMinutes(r.nextInt(200 * 24 * 60)))));
            int n = r.nextInt(7);
            for (int e = 0; e < n; e++) {
                String name = EVENTS.get(r.nextInt(EVENTS.size()));
                Object[] amounts = {12.5, 30.0, "30", "n/a", 250.0, "199.5"};
                events.add(new Event(id, name, NOW.minusMinutes(r.nextInt(120 * 24 * 60)),
                        r.nextInt(4) == 0 ? null : categories[r.nextInt(categories.length)],
                        name.equals("order_completed") && r.nextInt(5) > 0 ? values[r.nextInt(values.length)] + 9.5 : null,
                        maybe(typed, (long) typed.nextInt(12)), maybe(typed, typed.nextBoolean()),
                        maybe(typed, NOW.minusMinutes(typed.nextInt(90 * 24 * 60))), maybe(typed, amounts[typed.nextInt(amounts.length)])));
            }
        }
        // Membership history: per audience, up to two spells one after the other, the second sometimes still open.
        Random spells = new Random(seed + 2); // apart, so the other data stays what it was
        for (String id : profileIds) {
            for (String audience : HISTORY_AUDIENCES) {
                LocalDateTime at = NOW.minusMinutes(spells.nextInt(150 * 24 * 60));
                for (int n = spells.nextInt(3); n > 0 && at.isBefore(NOW); n--) {
                    LocalDateTime exit = spells.nextInt(3) == 0 ? null : at.plusMinutes(1 + spells.nextInt(40 * 24 * 60));
                    if (exit != null && exit.isAfter(NOW)) {
                        exit = null;
                    }
                    history.add(new Spell(audience, id, at, exit));
                    if (exit == null) {
                        break;
                    }
                    at = exit.plusMinutes(1 + spells.nextInt(20 * 24 * 60));
                }
            }
        }
        // A traits row whose profile no longer exists (merged away by identity): never a member.
        traits.add(new Traits("ghost-0001", "user1@example.com", "DE", 250.0, 3L, true, NOW.toLocalDate().minusDays(3),
                NOW.minusDays(2)));
        events.add(new Event("ghost-0001", "order_completed", NOW.minusDays(1), "shoes", 259.5));
    }

    private static <T> T maybe(Random r, T value) {
        return r.nextInt(7) == 0 ? null : value;
    }

    void load(Warehouse w) {
        w.createTable(AudienceQueries.PROFILES_TABLE, List.of(Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("first_seen", ColumnType.TIMESTAMP)), true);
        try (BulkWriter b = w.bulkWriter(AudienceQueries.PROFILES_TABLE, List.of("profile_id", "first_seen"))) {
            profileIds.forEach(id -> b.append(id, NOW.minusDays(500).toInstant(ZoneOffset.UTC)));
        }
        w.createTable("profile_traits", List.of(Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("email", ColumnType.VARCHAR), Column.of("country", ColumnType.VARCHAR),
                Column.of("lifetime_value", ColumnType.DOUBLE), Column.of("order_count", ColumnType.BIGINT),
                Column.of("vip", ColumnType.BOOLEAN), Column.of("signup_date", ColumnType.DATE),
                Column.of("last_order_at", ColumnType.TIMESTAMP)), true);
        try (BulkWriter b = w.bulkWriter("profile_traits", List.of("profile_id", "email", "country", "lifetime_value",
                "order_count", "vip", "signup_date", "last_order_at"))) {
            for (Traits t : traits) {
                b.append(t.profileId(), t.email(), t.country(), t.lifetimeValue(), t.orderCount(), t.vip(), t.signupDate(),
                        t.lastOrderAt() == null ? null : t.lastOrderAt().toInstant(ZoneOffset.UTC));
            }
        }
        w.createTable(AudienceQueries.HISTORY_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("entered_at", ColumnType.TIMESTAMP),
                Column.of("exited_at", ColumnType.TIMESTAMP)), true);
        try (BulkWriter b = w.bulkWriter(AudienceQueries.HISTORY_TABLE, List.of("audience_id", "profile_id", "entered_at", "exited_at"))) {
            for (Spell s : history) {
                b.append(s.audienceId(), s.profileId(), s.enteredAt().toInstant(ZoneOffset.UTC),
                        s.exitedAt() == null ? null : s.exitedAt().toInstant(ZoneOffset.UTC));
            }
        }
        w.createTable("profile_events", List.of(Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("event_name", ColumnType.VARCHAR), Column.of("occurred_at", ColumnType.TIMESTAMP),
                Column.of("properties", ColumnType.JSON), Column.of("revenue", ColumnType.DOUBLE)), true);
        try (BulkWriter b = w.bulkWriter("profile_events", List.of("profile_id", "event_name", "occurred_at", "properties", "revenue"))) {
            for (Event e : events) {
                String props = e.category() == null ? "{\"path\":\"/\"" : "{\"category\":\"" + e.category() + "\",\"path\":\"/p\"";
                props += (e.qty() == null ? "" : ",\"qty\":" + e.qty()) + (e.gift() == null ? "" : ",\"gift\":" + e.gift())
                        + (e.shippedAt() == null ? "" : ",\"shipped_at\":\"" + shippedAtText(e.shippedAt()) + "\"")
                        + (e.amount() instanceof String a ? ",\"amount\":\"" + a + "\"" : e.amount() == null ? "" : ",\"amount\":" + e.amount())
                        + "}";
                b.append(e.profileId(), e.name(), e.occurredAt().toInstant(ZoneOffset.UTC), props, e.revenue());
            }
        }
    }
}
