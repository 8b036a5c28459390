package dev.weft.demo;

import dev.weft.demo.CustomerPools.Country;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.weft.demo.CustomerPools.pick;

/**
 * Deterministic synthetic customers of a web and app shop, with the rows they leave in the raw tables.
 *
 * <p>Person {@code i} of seed {@code s} is computed from {@code (s, i)} alone (two random streams: one for
 * who they are, one for what they do), so the same seed always gives the same rows, people can be made
 * one at a time without keeping earlier ones, and {@link #person(long)} answers for any index directly.
 * Timestamps fall in the year before a reference time derived from the seed, never from the clock.
 *
 * <p>What the data holds on purpose, for identity resolution to deal with: 1-5 cookies, 0-3 devices,
 * 1-2 emails per person; about 70% sign up (user_id), the rest stay anonymous; every third person shares a
 * household with the next two, and some of them use the household's tablet (a device shared between
 * people); junk identifiers ('null', '', 'undefined', 'test@test.com', the all-zero UUID); emails that
 * differ only in case and whitespace; phones in national and international formats.
 */
public final class SyntheticCustomers {

    /** Identifiers stay unique up to this many people (phone and email numbering). */
    public static final long MAX_PROFILES = 100_000_000L;

    private static final long DAY = 86_400L;
    private static final long YEAR = 365 * DAY;
    private static final long HOUR = 3_600L;
    private static final long REFERENCE_BASE = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final int MAX_SESSIONS = 12;
    private static final int HOUSEHOLD_SIZE = 3;
    /** More than one person can make: at most 9 sessions of at most 8 events. */
    private static final int MAX_EVENTS = 100;
    private static final String[] ORDER_STATUSES = {"completed", "completed", "completed", "completed",
            "completed", "completed", "completed", "completed", "completed", "completed", "completed", "completed",
            "completed", "completed", "completed", "completed", "completed", "completed", "refunded", "cancelled"};

    private final long seed;
    private final long seedHash;
    private final long reference;

    public SyntheticCustomers(long seed) {
        this.seed = seed;
        this.seedHash = mix(seed ^ 0x2545F4914F6CDD1DL);
        this.reference = REFERENCE_BASE + Math.floorMod(seedHash, 181L) * DAY;
    }

    public long seed() {
        return seed;
    }

    /** The end of the data's one-year window: a day in the first half of 2026 chosen by the seed. */
    public Instant referenceTime() {
        return Instant.ofEpochSecond(reference);
    }

    /** Person {@code index} (0-based) with their true identifiers. */
    public Person person(long index) {
        if (index < 0 || index >= MAX_PROFILES) {
            throw new IllegalArgumentException("person index " + index + " outside 0.." + (MAX_PROFILES - 1));
        }
        return identity(index, random(index, 0));
    }

    /** The first {@code profiles} people, made lazily one at a time. */
    public Stream<Person> people(long profiles) {
        checkProfiles(profiles);
        return LongStream.range(0, profiles).mapToObj(this::person);
    }

    static void checkProfiles(long profiles) {
        if (profiles < 1 || profiles > MAX_PROFILES) {
            throw new IllegalArgumentException("profiles must be between 1 and " + MAX_PROFILES + ", got " + profiles);
        }
    }

    /**
     * Makes the rows of the first {@code profiles} people into the sink, person by person.
     * {@code progress} hears how many more people are done, in steps of a few thousand.
     */
    RowCounts generate(long profiles, boolean truth, RawRowSink sink, LongConsumer progress) {
        checkProfiles(profiles);
        Activity activity = new Activity(sink);
        final int step = 4096;
        for (long i = 0; i < profiles; i++) {
            Person person = identity(i, random(i, 0));
            if (truth) {
                for (Person.Identifier id : person.identifiers()) {
                    sink.truth(person.personId(), id.type(), id.value());
                    activity.counts.truth++;
                }
            }
            activity.generate(person, CustomerPools.country(person.country()), random(i, 1));
            if ((i + 1) % step == 0) {
                progress.accept(step);
            }
        }
        progress.accept(profiles % step);
        activity.counts.people = profiles;
        return activity.counts;
    }

    // --- who a person is ---------------------------------------------------------------------------------

    private Person identity(long i, SplittableRandom who) {
        Country country = CustomerPools.country(who);
        int first = who.nextInt(CustomerPools.FIRST_NAMES.length);
        int last = who.nextInt(CustomerPools.LAST_NAMES.length);
        String plan = pick(who, CustomerPools.PLANS);

        String[] cookies = new String[weighted(who, 45, 25, 15, 10, 5) + 1];
        for (int c = 0; c < cookies.length; c++) {
            cookies[c] = uuid(who.nextLong(), who.nextLong(), false);
        }
        String[] devices = new String[weighted(who, 45, 35, 15, 5)];
        for (int d = 0; d < devices.length; d++) {
            devices[d] = who.nextBoolean() ? uuid(who.nextLong(), who.nextLong(), true) : hex16(who.nextLong());
        }
        if (devices.length > 0 && who.nextInt(100) < 25) {
            devices[0] = householdTablet(i / HOUSEHOLD_SIZE);
        }
        String[] emails = new String[who.nextInt(100) < 25 ? 2 : 1];
        for (int e = 0; e < emails.length; e++) {
            emails[e] = email(who, first, last, i * 2 + e);
        }
        String userId = who.nextInt(100) < 70 ? "u" + pad(perm(i, 7_919_488_003L, 10_000_000_000L), 10) : null;
        String phone = who.nextInt(100) < 60 ? "+" + country.callingCode() + nationalNumber(country, i) : null;
        return new Person(i, "person_" + i, CustomerPools.FIRST_NAMES[first], CustomerPools.LAST_NAMES[last],
                country.code(), plan, List.of(cookies), List.of(devices), List.of(emails), userId, phone);
    }

    private String householdTablet(long household) {
        long h = mix(seedHash ^ mix(household + 0x6A09E667F3BCC909L));
        return uuid(h, mix(h), true);
    }

    private String email(SplittableRandom who, int first, int last, long uniqueSlot) {
        // A base-36 token from a bijection of the slot keeps every address unique without looking sequential.
        String token = Long.toString(perm(uniqueSlot, 48_271_297L, 2 * MAX_PROFILES), 36);
        String f = CustomerPools.FIRST_SLUGS[first];
        String l = CustomerPools.LAST_SLUGS[last];
        String local = switch (who.nextInt(4)) {
            case 0 -> f + "." + l + "." + token;
            case 1 -> f.charAt(0) + l + token;
            case 2 -> f + "_" + token;
            default -> l + "." + f + token;
        };
        return local + "@" + pick(who, CustomerPools.EMAIL_DOMAINS);
    }

    /** The national significant number (no trunk 0), unique per person within a country up to MAX_PROFILES. */
    private long phoneKey(long i) {
        return perm(i, 48_271_297L, MAX_PROFILES);
    }

    private String nationalNumber(Country country, long i) {
        long key = phoneKey(i);
        return switch (country.code()) {
            case "US", "CA" -> {
                String[] areas = country.code().equals("US") ? CustomerPools.US_AREA_CODES : CustomerPools.CA_AREA_CODES;
                long rest = key % 8_000_000L;
                yield areas[(int) (key / 8_000_000L)] + (200 + rest / 10_000) + pad(rest % 10_000, 4);
            }
            case "GB" -> Long.toString(7_400_000_000L + key);
            case "DE" -> "151" + pad(key, 8);
            case "FR", "NL" -> "6" + pad(key, 8);
            case "AU" -> "4" + pad(key, 8);
            default -> throw new IllegalStateException("no numbering for " + country.code());
        };
    }

    // --- what a person does --------------------------------------------------------------------------------

    /** Row counts of one generation run, and how many rows carry a junk identifier. */
    static final class RowCounts {
        long people;
        long events;
        long orders;
        long contacts;
        long truth;
        long junkEvents;
        long junkOrders;
        long junkContacts;
    }

    /** Makes one person's sessions, events, orders and CRM contacts; reuses its buffers across people. */
    private final class Activity {
        private final RawRowSink sink;
        private final RowCounts counts = new RowCounts();
        private final int[] sessionCookie = new int[MAX_SESSIONS];
        private final int[] sessionDevice = new int[MAX_SESSIONS];
        private final long[] sessionStart = new long[MAX_SESSIONS];
        private final StringBuilder json = new StringBuilder(256);

        private Person person;
        private SplittableRandom r;
        private long t;
        private String cookie;
        private String device;
        private boolean firstOfSession;
        private boolean loggedIn;
        private int eventSeq;

        Activity(RawRowSink sink) {
            this.sink = sink;
        }

        void generate(Person p, Country country, SplittableRandom random) {
            this.person = p;
            this.r = random;
            this.eventSeq = 0;
            // Sessions start at least an hour before the reference time, so every event falls inside the year.
            long lastStart = reference - HOUR;
            long firstSeen = lastStart - r.nextLong(YEAR - HOUR);
            int sessions = planSessions();
            sessionStart[0] = firstSeen;
            for (int s = 1; s < sessions; s++) {
                sessionStart[s] = firstSeen + r.nextLong(lastStart - firstSeen + 1);
            }
            Arrays.sort(sessionStart, 1, sessions);

            int signupSession = p.userId() == null ? -1 : r.nextInt(sessions);
            boolean signedUp = false;
            int orderSeq = 0;
            for (int s = 0; s < sessions; s++) {
                t = sessionStart[s];
                cookie = p.cookies().get(sessionCookie[s]);
                device = sessionDevice[s] < 0 ? null : p.devices().get(sessionDevice[s]);
                firstOfSession = true;
                loggedIn = signedUp && r.nextInt(100) < 50;
                if (device != null) {
                    boolean ios = device.length() == 36;
                    event("app_opened", pick(r, ios ? CustomerPools.IOS_APP_PROPERTIES : CustomerPools.ANDROID_APP_PROPERTIES));
                } else {
                    event("page_viewed", pick(r, CustomerPools.PAGE_PROPERTIES));
                }
                if (s == signupSession) {
                    loggedIn = true;
                    signedUp = true;
                    event("signed_up", pick(r, CustomerPools.SIGNUP_PROPERTIES));
                } else if (signedUp && !loggedIn && r.nextInt(100) < 40) {
                    loggedIn = true;
                    event("logged_in", pick(r, CustomerPools.LOGIN_PROPERTIES));
                }
                int views = weighted(r, 50, 33, 12, 5);
                int product = -1;
                for (int v = 0; v < views; v++) {
                    product = r.nextInt(CustomerPools.PRODUCTS);
                    event("product_viewed", CustomerPools.VIEWED_PROPERTIES[product]);
                }
                if (product >= 0 && r.nextInt(100) < 35) {
                    int quantity = weighted(r, 70, 20, 10) + 1;
                    String cart = CustomerPools.CART_PROPERTIES[product][quantity - 1];
                    event("added_to_cart", cart);
                    if (r.nextInt(100) < 55) {
                        event("checkout_started", cart);
                        if (r.nextInt(100) < 70) {
                            order(country, product, quantity, orderSeq++);
                        }
                    }
                }
            }
            contacts(country, firstSeen);
        }

        /**
         * Every cookie gets a session (the first on the cookie is the person's first visit, in cookie order);
         * a device runs on one of the cookies (its app install's anonymous ID) and gets a session too; some
         * people come back once or twice more on a cookie of their choice.
         */
        private int planSessions() {
            int cookies = person.cookies().size();
            int devices = person.devices().size();
            int n = 0;
            for (int c = 0; c < cookies; c++) {
                sessionCookie[n] = c;
                sessionDevice[n++] = c < devices ? c : -1;
            }
            for (int d = cookies; d < devices; d++) {
                sessionCookie[n] = d % cookies;
                sessionDevice[n++] = d;
            }
            int returns = weighted(r, 80, 15, 5);
            for (int k = 0; k < returns; k++) {
                int c = r.nextInt(cookies);
                sessionCookie[n] = c;
                sessionDevice[n++] = c < devices ? c : -1;
            }
            return n;
        }

        private void event(String name, String properties) {
            t += 5 + r.nextInt(180);
            String userId = loggedIn ? person.userId() : null;
            boolean junk = false;
            if (userId == null && r.nextInt(100) == 0) {
                // Trackers that stringify a missing user ID.
                userId = CustomerPools.JUNK_USER_IDS[r.nextInt(3)];
                junk = true;
            }
            String deviceId = device;
            if (device != null && !firstOfSession && r.nextInt(40) == 0) {
                // The OS withheld the device ID (limited ad tracking): the all-zero UUID.
                deviceId = CustomerPools.ZERO_UUID;
                junk = true;
            }
            firstOfSession = false;
            // Short IDs (under 12 bytes) are stored inline by DuckDB's appender: a large share of the load time.
            String eventId = "e" + Long.toString(perm(person.index() * MAX_EVENTS + eventSeq++, 48_271_297L,
                    MAX_PROFILES * MAX_EVENTS), 36);
            sink.event(eventId, cookie, userId, deviceId, name, properties, t);
            counts.events++;
            if (junk) {
                counts.junkEvents++;
            }
        }

        private void order(Country country, int product, int quantity, int seq) {
            String orderId = "ord_" + (person.index() * MAX_SESSIONS + seq);
            long revenueCents = CustomerPools.PRODUCT_CENTS[product] * quantity;
            String revenue = CustomerPools.money(revenueCents);
            json.setLength(0);
            json.append("{\"order_id\":\"").append(orderId).append("\",")
                    .append(CustomerPools.PRODUCT_JSON_HEAD[product], 1, CustomerPools.PRODUCT_JSON_HEAD[product].length())
                    .append(",\"quantity\":").append(quantity)
                    .append(",\"revenue\":").append(revenue)
                    .append(",\"currency\":\"").append(country.currency()).append("\"}");
            event("order_completed", json.toString());

            String email = person.emails().get(r.nextInt(person.emails().size()));
            boolean junk = false;
            if (r.nextInt(100) < 5) {
                email = variant(email);
            } else if (r.nextInt(100) == 0) {
                email = CustomerPools.TEST_EMAIL;
                junk = true;
            }
            String userId = loggedIn ? person.userId() : null;
            if (userId == null && r.nextInt(20) == 0) {
                userId = CustomerPools.JUNK_USER_IDS[r.nextInt(3)];
                junk = true;
            }
            String status = pick(r, ORDER_STATUSES);
            sink.order(orderId, userId, email, revenueCents / 100.0, country.currency(), status, t);
            counts.orders++;
            if (junk) {
                counts.junkOrders++;
            }
        }

        /**
         * One CRM contact per email (people who never sign up are newsletter leads); some CRM duplicates
         * whose email differs only in case or whitespace; now and then a sales rep's test@test.com record.
         */
        private void contacts(Country country, long firstSeen) {
            Person p = person;
            long base = p.index() * 4;
            for (int e = 0; e < p.emails().size(); e++) {
                String email = p.emails().get(e);
                String phone = e == 0 && p.phone() != null ? messyPhone(country, p.phone()) : null;
                String userId = p.userId() != null && (e == 0 || r.nextInt(100) < 80) ? p.userId() : null;
                contact(base + e, r.nextInt(100) < 10 ? variant(email) : email, phone, userId, p, firstSeen);
            }
            if (r.nextInt(100) < 6) {
                String phone = p.phone() != null && r.nextBoolean() ? messyPhone(country, p.phone()) : null;
                contact(base + 2, variant(p.emails().get(0)), phone, null, p, firstSeen);
            }
            if (r.nextInt(200) == 0) {
                contact(base + 3, CustomerPools.TEST_EMAIL, null, p.userId(), p, firstSeen);
            }
        }

        private void contact(long slot, String email, String phone, String userId, Person p, long firstSeen) {
            boolean testRecord = email.equals(CustomerPools.TEST_EMAIL);
            boolean junk = testRecord;
            if (phone == null && r.nextInt(10) == 0) {
                phone = pick(r, CustomerPools.JUNK_PHONES);
                junk = true;
            }
            if (userId == null && r.nextInt(5) == 0) {
                userId = pick(r, CustomerPools.JUNK_USER_IDS);
                junk = true;
            }
            long created = firstSeen + r.nextLong(reference - firstSeen) / 2;
            long updated = created + r.nextLong(reference - created);
            sink.contact("ct_" + slot, email, phone, userId, testRecord ? "Test" : p.firstName(),
                    testRecord ? "Test" : p.lastName(),
                    p.country(), p.plan(), created, updated);
            counts.contacts++;
            if (junk) {
                counts.junkContacts++;
            }
        }

        /** The same address as people type it: capitals, surrounding spaces. */
        private String variant(String email) {
            return switch (r.nextInt(4)) {
                case 0 -> email.toUpperCase(Locale.ROOT);
                case 1 -> Character.toUpperCase(email.charAt(0)) + email.substring(1) + " ";
                case 2 -> " " + email;
                default -> "  " + Character.toUpperCase(email.charAt(0)) + email.substring(1, email.indexOf('@') + 1)
                        + Character.toUpperCase(email.charAt(email.indexOf('@') + 1)) + email.substring(email.indexOf('@') + 2);
            };
        }

        private String messyPhone(Country country, String e164) {
            String national = e164.substring(1 + country.callingCode().length());
            String format = pick(r, country.phoneFormats());
            StringBuilder out = json;
            out.setLength(0);
            int next = 0;
            for (int k = 0; k < format.length(); k++) {
                char ch = format.charAt(k);
                out.append(ch == '#' ? national.charAt(next++) : ch);
            }
            if (next != national.length()) {
                throw new IllegalStateException("phone format " + format + " does not fit " + national);
            }
            return out.toString();
        }
    }

    // --- small helpers -------------------------------------------------------------------------------------

    private SplittableRandom random(long index, int stream) {
        return new SplittableRandom(mix(seedHash + mix(index * 2 + stream)));
    }

    /** Picks an index with the given percentage weights (they sum to 100). */
    private static int weighted(SplittableRandom r, int... percents) {
        int pick = r.nextInt(100);
        for (int k = 0; k < percents.length; k++) {
            pick -= percents[k];
            if (pick < 0) {
                return k;
            }
        }
        return percents.length - 1;
    }

    /**
     * A bijection of [0, modulus) when multiplier is coprime with modulus: unique values that look random.
     * value * multiplier must stay below 2^63 (no overflow) for every value it is given.
     */
    private long perm(long value, long multiplier, long modulus) {
        return Math.floorMod(value * multiplier + (seedHash >>> 20), modulus);
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit hash of a 64-bit value. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    /** A version-4 UUID string from 128 random bits. */
    private static String uuid(long msb, long lsb, boolean upper) {
        char[] out = new char[36];
        char[] hex = upper ? HEX_UPPER : HEX_LOWER;
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        int p = 0;
        for (int k = 15; k >= 0; k--) {
            out[p++] = hex[(int) (msb >>> (k * 4)) & 0xF];
            if (p == 8 || p == 13 || p == 18) {
                out[p++] = '-';
            }
        }
        for (int k = 15; k >= 0; k--) {
            out[p++] = hex[(int) (lsb >>> (k * 4)) & 0xF];
            if (p == 23) {
                out[p++] = '-';
            }
        }
        return new String(out);
    }

    private static String hex16(long bits) {
        char[] out = new char[16];
        for (int k = 0; k < 16; k++) {
            out[k] = HEX_LOWER[(int) (bits >>> ((15 - k) * 4)) & 0xF];
        }
        return new String(out);
    }
}
