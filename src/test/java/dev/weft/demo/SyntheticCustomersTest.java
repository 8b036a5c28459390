package dev.weft.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticCustomersTest {

    private static final long PEOPLE = 3_000;
    private static final Set<String> JUNK = Set.of("null", "", "undefined", "test@test.com",
            "00000000-0000-0000-0000-000000000000");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Person> people;
    private static CollectedRows rows;
    /** Identifier value (canonical) to the person it belongs to; shared devices map to several. */
    private static Map<String, Set<String>> owners;

    @BeforeAll
    static void generate() {
        people = new SyntheticCustomers(7).people(PEOPLE).toList();
        rows = CollectedRows.generate(7, PEOPLE);
        owners = new HashMap<>();
        for (Person p : people) {
            for (Person.Identifier id : p.identifiers()) {
                owners.computeIfAbsent(id.type() + ":" + id.value(), k -> new HashSet<>()).add(p.personId());
            }
        }
    }

    @Test
    void sameSeedSamePeopleAndRowsOtherSeedOthers() {
        assertThat(new SyntheticCustomers(7).person(1234)).isEqualTo(people.get(1234));
        assertThat(new SyntheticCustomers(8).person(1234)).isNotEqualTo(people.get(1234));
        CollectedRows again = CollectedRows.generate(7, 300);
        CollectedRows other = CollectedRows.generate(8, 300);
        List<CollectedRows.Event> first300 = rows.events.subList(0, again.events.size());
        assertThat(again.events).isEqualTo(first300);
        assertThat(other.events).isNotEqualTo(first300);
        assertThat(new SyntheticCustomers(7).referenceTime()).isEqualTo(new SyntheticCustomers(7).referenceTime());
    }

    @Test
    void identifierCountsPerPersonStayInTheirRanges() {
        assertThat(people).allSatisfy(p -> {
            assertThat(p.cookies()).hasSizeBetween(1, 5);
            assertThat(p.devices()).hasSizeBetween(0, 3);
            assertThat(p.emails()).hasSizeBetween(1, 2);
        });
        // Every allowed count occurs, not just the bounds.
        assertThat(people.stream().map(p -> p.cookies().size()).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(people.stream().map(p -> p.devices().size()).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(people.stream().map(p -> p.emails().size()).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2);
        double withUserId = people.stream().filter(p -> p.userId() != null).count() / (double) PEOPLE;
        assertThat(withUserId).isCloseTo(0.70, within(0.03));
    }

    @Test
    void identifiersBelongToOnePersonExceptHouseholdTablets() {
        Map<String, Set<String>> shared = owners.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(shared).isNotEmpty();
        assertThat(shared.keySet()).allSatisfy(key -> assertThat(key).startsWith("device_id:"));
        // Sharing happens within a household: three consecutive people.
        assertThat(shared.values()).allSatisfy(persons -> assertThat(persons.stream()
                .map(id -> Long.parseLong(id.substring("person_".length())) / 3).distinct()).hasSize(1));
    }

    @Test
    void eventsCarryTheirPersonsIdentifiersAndSomeJunk() {
        assertThat(rows.events).allSatisfy(e -> {
            Set<String> person = owners.get("anonymous_id:" + e.anonymousId());
            assertThat(person).as("cookie of %s", e).isNotNull().hasSize(1);
            if (e.userId() != null && !JUNK.contains(e.userId())) {
                assertThat(owners.get("user_id:" + e.userId())).isEqualTo(person);
            }
            if (e.deviceId() != null && !JUNK.contains(e.deviceId())) {
                assertThat(owners.get("device_id:" + e.deviceId())).containsAll(person);
            }
        });
        assertThat(rows.events).extracting(CollectedRows.Event::userId).contains("null", "", "undefined");
        assertThat(rows.events).extracting(CollectedRows.Event::deviceId).contains(CustomerPools.ZERO_UUID);
        assertThat(rows.events).extracting(CollectedRows.Event::eventName).containsOnly("page_viewed", "product_viewed",
                "added_to_cart", "checkout_started", "order_completed", "app_opened", "signed_up", "logged_in");
        assertThat(rows.events).extracting(CollectedRows.Event::eventId).doesNotHaveDuplicates();
    }

    @Test
    void everyTrueIdentifierShowsUpInTheRawRows() {
        Set<String> seen = new HashSet<>();
        rows.events.forEach(e -> {
            seen.add("anonymous_id:" + e.anonymousId());
            seen.add("user_id:" + e.userId());
            seen.add("device_id:" + e.deviceId());
        });
        rows.contacts.forEach(c -> {
            seen.add("email:" + c.email().strip().toLowerCase(Locale.ROOT));
            if (c.phone() != null && !JUNK.contains(c.phone())) {
                seen.add("phone:" + e164(c.phone()));
            }
        });
        assertThat(seen).containsAll(owners.keySet());
        assertThat(rows.truth).hasSize(people.stream().mapToInt(p -> p.identifiers().size()).sum());
    }

    @Test
    void aboutFiveToSixEventsAndThreeToFourIdentityEdgesPerPerson() {
        assertThat(rows.events.size() / (double) PEOPLE).isBetween(5.0, 6.5);
        // Distinct pairs of valid identifiers that one raw row carries together, as identity resolution sees them.
        Set<String> edges = new HashSet<>();
        for (CollectedRows.Event e : rows.events) {
            if (valid(e.userId())) {
                edges.add(e.anonymousId() + "|" + e.userId());
            }
            if (valid(e.deviceId())) {
                edges.add(e.anonymousId() + "|" + e.deviceId());
            }
        }
        for (CollectedRows.Contact c : rows.contacts) {
            String email = c.email().strip().toLowerCase(Locale.ROOT);
            if (valid(email) && valid(c.userId())) {
                edges.add(email + "|" + c.userId());
            }
            if (valid(email) && valid(c.phone())) {
                edges.add(email + "|" + e164(c.phone()));
            }
        }
        for (CollectedRows.Order o : rows.orders) {
            String email = o.email().strip().toLowerCase(Locale.ROOT);
            if (valid(email) && valid(o.userId())) {
                edges.add(email + "|" + o.userId());
            }
        }
        assertThat(edges.size() / (double) PEOPLE).isBetween(3.0, 4.0);
    }

    @Test
    void ordersMatchTheirOrderCompletedEvents() throws Exception {
        Map<String, CollectedRows.Order> orders = rows.orders.stream()
                .collect(Collectors.toMap(CollectedRows.Order::orderId, o -> o));
        List<CollectedRows.Event> completed = rows.events.stream()
                .filter(e -> e.eventName().equals("order_completed")).toList();
        assertThat(completed).hasSameSizeAs(orders.values()).isNotEmpty();
        for (CollectedRows.Event e : completed) {
            JsonNode p = JSON.readTree(e.properties());
            CollectedRows.Order o = orders.get(p.get("order_id").asText());
            assertThat(o).as("order of %s", e).isNotNull();
            assertThat(o.amount()).isEqualTo(p.get("revenue").asDouble());
            assertThat(p.get("revenue").asDouble()).isEqualTo(p.get("price").asDouble() * p.get("quantity").asInt(), within(1e-9));
            assertThat(o.currency()).isEqualTo(p.get("currency").asText());
            assertThat(o.orderedAt()).isEqualTo(e.occurredAt());
            if (valid(o.userId())) {
                assertThat(o.userId()).isEqualTo(e.userId());
            }
            String email = o.email().strip().toLowerCase(Locale.ROOT);
            if (valid(email)) {
                assertThat(owners.get("email:" + email)).isEqualTo(owners.get("anonymous_id:" + e.anonymousId()));
            }
        }
        assertThat(rows.orders).extracting(CollectedRows.Order::status).contains("completed", "refunded", "cancelled");
    }

    @Test
    void propertiesAreJsonWithTheContractsFields() throws Exception {
        for (CollectedRows.Event e : rows.events.subList(0, 2_000)) {
            JsonNode p = JSON.readTree(e.properties());
            switch (e.eventName()) {
                case "page_viewed" -> assertThat(p.get("path").asText()).startsWith("/");
                case "product_viewed" -> assertThat(p.fieldNames()).toIterable()
                        .contains("product_id", "category", "price", "path");
                case "added_to_cart", "checkout_started" -> assertThat(p.fieldNames()).toIterable()
                        .contains("product_id", "category", "price", "quantity");
                default -> assertThat(p.isObject()).isTrue();
            }
        }
    }

    @Test
    void contactsHaveMessyButNormalizableValuesAndJunk() {
        List<String> emails = rows.contacts.stream().map(CollectedRows.Contact::email).toList();
        assertThat(emails).contains("test@test.com");
        List<String> variants = emails.stream().filter(e -> !e.equals(e.strip().toLowerCase(Locale.ROOT))).toList();
        assertThat(variants).anyMatch(e -> !e.equals(e.strip())).anyMatch(e -> !e.equals(e.toLowerCase(Locale.ROOT)));
        // Variants are the same address as a person's canonical one, and CRM duplicates exist side by side.
        assertThat(variants).allSatisfy(v -> assertThat(owners).containsKey("email:" + v.strip().toLowerCase(Locale.ROOT)));
        Map<String, Long> perAddress = emails.stream().collect(Collectors.groupingBy(
                e -> e.strip().toLowerCase(Locale.ROOT), Collectors.counting()));
        assertThat(perAddress.values()).contains(2L);

        assertThat(rows.contacts).extracting(CollectedRows.Contact::phone).contains("null", "", "undefined");
        assertThat(rows.contacts).extracting(CollectedRows.Contact::userId).contains(CustomerPools.ZERO_UUID, "null");
        for (CollectedRows.Contact c : rows.contacts) {
            if (c.phone() != null && !JUNK.contains(c.phone())) {
                String e164 = e164(c.phone());
                assertThat(e164).matches("\\+[1-9][0-9]{7,14}");
                assertThat(owners.get("phone:" + e164)).isEqualTo(owners.get("email:" + c.email().strip().toLowerCase(Locale.ROOT)));
            }
        }
        // Several raw formats per country, not one.
        assertThat(rows.contacts.stream().filter(c -> "US".equals(c.country()) && valid(c.phone()))
                .map(c -> c.phone().replaceAll("[0-9]", "#")).distinct().count()).isGreaterThan(4);
    }

    @Test
    void timestampsFallInTheYearBeforeTheSeedsReferenceTime() {
        long reference = new SyntheticCustomers(7).referenceTime().getEpochSecond();
        long yearBefore = reference - Duration.ofDays(365).toSeconds();
        assertThat(rows.events).allSatisfy(e -> assertThat(e.occurredAt()).isBetween(yearBefore, reference - 1));
        assertThat(rows.contacts).allSatisfy(c -> {
            assertThat(c.createdAt()).isBetween(yearBefore, reference - 1);
            assertThat(c.updatedAt()).isBetween(c.createdAt(), reference - 1);
        });
    }

    @Test
    void junkCountsMatchTheRows() {
        assertThat(rows.counts.events).isEqualTo(rows.events.size());
        assertThat(rows.counts.contacts).isEqualTo(rows.contacts.size());
        assertThat(rows.counts.junkEvents).isEqualTo(rows.events.stream()
                .filter(e -> junk(e.userId()) || junk(e.deviceId())).count());
        assertThat(rows.counts.junkContacts).isEqualTo(rows.contacts.stream()
                .filter(c -> junk(c.email()) || junk(c.phone()) || junk(c.userId())).count());
        assertThat(rows.counts.junkOrders).isEqualTo(rows.orders.stream()
                .filter(o -> junk(o.email()) || junk(o.userId())).count());
    }

    @Test
    void peopleAtTheTopOfTheRangeHaveWellFormedDistinctIdentifiers() {
        SyntheticCustomers customers = new SyntheticCustomers(3);
        Set<String> values = new HashSet<>();
        for (long i = SyntheticCustomers.MAX_PROFILES - 500; i < SyntheticCustomers.MAX_PROFILES; i++) {
            Person p = customers.person(i);
            if (p.phone() != null) {
                assertThat(p.phone()).matches("\\+[1-9][0-9]{7,14}");
            }
            p.identifiers().stream().filter(id -> !id.type().equals("device_id"))
                    .forEach(id -> assertThat(values.add(id.value())).as(id.toString()).isTrue());
        }
    }

    @Test
    void rejectsProfileCountsOutsideTheSupportedRange() {
        assertThatThrownBy(() -> new SyntheticCustomers(1).people(0)).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> new SyntheticCustomers(1).person(SyntheticCustomers.MAX_PROFILES))
                .hasMessageContaining("outside");
    }

    private static boolean junk(String value) {
        return value != null && JUNK.contains(value);
    }

    private static boolean valid(String value) {
        return value != null && !JUNK.contains(value);
    }

    /**
     * The normalization the README states (and identity's {@code phone} step with default country code 1):
     * digits only; a leading + or 00 means international; a leading 0 is a trunk prefix; ten digits or
     * fewer are a national (North American) number; longer ones already start with their country code.
     */
    static String e164(String raw) {
        String digits = raw.replaceAll("[^0-9]", "");
        if (raw.strip().startsWith("+")) {
            return "+" + digits;
        }
        if (digits.startsWith("00")) {
            return "+" + digits.substring(2);
        }
        if (digits.startsWith("0")) {
            return "+1" + digits.substring(1);
        }
        return digits.length() <= 10 ? "+1" + digits : "+" + digits;
    }
}
