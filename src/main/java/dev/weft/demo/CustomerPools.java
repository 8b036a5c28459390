package dev.weft.demo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The vocabularies synthetic customers are drawn from, built once: names, countries with their phone
 * numbering, plans, products and the event property JSON that can be shared between rows (most events
 * reuse one of these strings instead of building their own).
 */
final class CustomerPools {

    static final String[] FIRST_NAMES = {
            "Anna", "James", "Maria", "Liam", "Sophie", "Noah", "Emma", "Lucas", "Olivia", "Ethan", "Mia", "Leon",
            "Chloe", "Oliver", "Amelia", "Elias", "Isla", "Paul", "Ava", "Jack", "Lea", "Finn", "Grace", "Max",
            "Hannah", "Louis", "Zoe", "Theo", "Clara", "Hugo", "Emily", "Felix", "Lily", "Jonas", "Ella", "Arthur",
            "Julia", "Mateo", "Sara", "Ben", "Nora", "Samuel", "Laura", "David", "Ines", "Daniel", "Alice", "Adam",
            "Charlotte", "Gabriel", "Jade", "Henry", "Lina", "Oscar", "Rose", "Victor", "Eva", "Tom", "Camille",
            "William", "Marie", "Jan", "Freya", "Raphael", "Nina", "Luca", "Ruby", "Milan", "Fatima", "Omar",
            "Priya", "Arjun", "Mei", "Wei", "Yuki", "Kenji", "Aisha", "Mohammed", "Sofia", "Diego", "Lucia",
            "Mateus", "Chiara", "Marco", "Ingrid", "Lars", "Anouk", "Daan", "Emma-Louise", "Jean-Pierre", "Zoë",
            "Renée", "José", "Björn", "Siobhan", "Niamh", "Connor", "Kai", "Ayla", "Eli"};

    static final String[] LAST_NAMES = {
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
            "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker",
            "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
            "O'Brien", "Murphy", "Kelly", "Byrne", "Ryan", "Walsh", "Nguyen", "Tran", "Le", "Pham", "Kim", "Park",
            "Chen", "Wang", "Li", "Zhang", "Singh", "Patel", "Kumar", "Shah", "Khan", "Ali", "Cohen", "Levi",
            "Rossi", "Russo", "Ferrari", "Silva", "Santos", "Costa"};

    /** A country: ISO code, sampling weight, currency, calling code, and how people type its phone numbers. */
    record Country(String code, int weight, String currency, String callingCode, String[] phoneFormats) {
    }

    // Formats: '#' takes the next digit of the national number. The shop is North American, so only
    // +1 numbers are typed nationally; the others always carry their international prefix (+ or 00).
    // Every format normalizes to E.164 by the rule in the README.
    static final Country[] COUNTRIES = {
            new Country("US", 45, "USD", "1", new String[]{
                    "+1 (###) ###-####", "(###) ###-####", "###.###.####", "###-###-####", "+1##########",
                    "1-###-###-####", "##########", "001 ### ### ####"}),
            new Country("GB", 15, "GBP", "44", new String[]{
                    "+44 #### ######", "0044 #### ######", "+44##########", "+44-####-######", "+44 (####) ######"}),
            new Country("DE", 12, "EUR", "49", new String[]{
                    "+49 ### ########", "0049 ### ########", "+49-###-########", "+49 (###) ########"}),
            new Country("FR", 10, "EUR", "33", new String[]{
                    "+33 # ## ## ## ##", "0033 # ## ## ## ##", "+33.#.##.##.##.##", "+33#########"}),
            new Country("CA", 7, "CAD", "1", new String[]{
                    "+1 ###-###-####", "(###) ###-####", "###-###-####", "+1 (###) ###-####", "1 ### ### ####"}),
            new Country("NL", 6, "EUR", "31", new String[]{
                    "+31 # ########", "0031 # ########", "+31-#-########", "+31#########"}),
            new Country("AU", 5, "AUD", "61", new String[]{
                    "+61 ### ### ###", "0061 ### ### ###", "+61#########", "+61 (###) ### ###"}),
    };
    private static final int COUNTRY_WEIGHT = 100;

    static final String[] US_AREA_CODES = {"212", "646", "917", "415", "628", "312", "773", "617", "206", "512",
            "305", "404", "213"};
    static final String[] CA_AREA_CODES = {"416", "647", "437", "604", "778", "236", "514", "438", "403", "587",
            "613", "343", "905"};

    /** The names as they appear in email addresses: ASCII, lower case, no spaces or quotes. */
    static final String[] FIRST_SLUGS = slugs(FIRST_NAMES);
    static final String[] LAST_SLUGS = slugs(LAST_NAMES);

    static final String[] EMAIL_DOMAINS = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com",
            "hotmail.com", "icloud.com", "proton.me", "gmx.de", "web.de", "orange.fr", "btinternet.com",
            "acme.io", "example.org"};

    static final String[] PLANS = {"free", "free", "free", "free", "free", "free", "starter", "starter", "pro", "enterprise"};

    static final String[] CATEGORIES = {"shoes", "bags", "jackets", "shirts", "trousers", "dresses", "watches",
            "sunglasses", "hats", "socks", "sportswear", "accessories"};
    static final int PRODUCTS = 400;
    static final int MAX_QUANTITY = 3;

    static final String[] PAGE_PATHS = {"/", "/", "/", "/sale", "/new", "/c/shoes", "/c/bags", "/c/jackets",
            "/c/dresses", "/blog/choosing-running-shoes", "/help/shipping", "/account", "/search?q=boots"};

    /** The values trackers and forms send when they have none; identity resolution must ignore them. */
    static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
    static final String TEST_EMAIL = "test@test.com";
    static final String[] JUNK_USER_IDS = {"null", "", "undefined", ZERO_UUID};
    static final String[] JUNK_PHONES = {"null", "", "undefined"};

    // Product pool: id, category, price in cents, and the property JSON shared by every row about it.
    static final String[] PRODUCT_IDS = new String[PRODUCTS];
    static final String[] PRODUCT_CATEGORIES = new String[PRODUCTS];
    static final long[] PRODUCT_CENTS = new long[PRODUCTS];
    /** Without closing brace: {"product_id":"p100","category":"shoes","price":59.0 */
    static final String[] PRODUCT_JSON_HEAD = new String[PRODUCTS];
    static final String[] VIEWED_PROPERTIES = new String[PRODUCTS];
    /** [product][quantity - 1] */
    static final String[][] CART_PROPERTIES = new String[PRODUCTS][MAX_QUANTITY];
    static final String[] PAGE_PROPERTIES = new String[PAGE_PATHS.length];
    static final String[] IOS_APP_PROPERTIES = {"{\"os\":\"ios\",\"app_version\":\"4.2.0\"}",
            "{\"os\":\"ios\",\"app_version\":\"4.3.1\"}"};
    static final String[] ANDROID_APP_PROPERTIES = {"{\"os\":\"android\",\"app_version\":\"4.2.0\"}",
            "{\"os\":\"android\",\"app_version\":\"4.3.0\"}"};
    static final String[] SIGNUP_PROPERTIES = {"{\"method\":\"email\"}", "{\"method\":\"google\"}",
            "{\"method\":\"apple\"}"};
    static final String[] LOGIN_PROPERTIES = {"{\"method\":\"password\"}", "{\"method\":\"google\"}",
            "{\"method\":\"apple\"}", "{\"method\":\"magic_link\"}"};

    static {
        // A fixed catalogue: the same for every seed, so product IDs mean the same thing across demo runs.
        SplittableRandom r = new SplittableRandom(20_240_601L);
        for (int p = 0; p < PRODUCTS; p++) {
            int number = 100 + p;
            String category = CATEGORIES[p % CATEGORIES.length];
            long cents = (9 + r.nextInt(240)) * 100L + (r.nextInt(3) == 0 ? 0 : 99);
            PRODUCT_IDS[p] = "p" + number;
            PRODUCT_CATEGORIES[p] = category;
            PRODUCT_CENTS[p] = cents;
            PRODUCT_JSON_HEAD[p] = "{\"product_id\":\"p" + number + "\",\"category\":\"" + category
                    + "\",\"price\":" + money(cents);
            VIEWED_PROPERTIES[p] = PRODUCT_JSON_HEAD[p] + ",\"path\":\"/p/" + number + "\"}";
            for (int q = 1; q <= MAX_QUANTITY; q++) {
                CART_PROPERTIES[p][q - 1] = PRODUCT_JSON_HEAD[p] + ",\"quantity\":" + q + "}";
            }
        }
        for (int i = 0; i < PAGE_PATHS.length; i++) {
            PAGE_PROPERTIES[i] = "{\"path\":\"" + PAGE_PATHS[i] + "\"}";
        }
    }

    private CustomerPools() {
    }

    /** Cents as the JSON number and DOUBLE the raw tables hold (59.0, 59.99). */
    static String money(long cents) {
        return Double.toString(cents / 100.0);
    }

    private static String[] slugs(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = Normalizer.normalize(names[i], Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "")
                    .toLowerCase(Locale.ROOT);
        }
        return out;
    }

    static Country country(SplittableRandom r) {
        int pick = r.nextInt(COUNTRY_WEIGHT);
        for (Country c : COUNTRIES) {
            pick -= c.weight();
            if (pick < 0) {
                return c;
            }
        }
        return COUNTRIES[0];
    }

    static Country country(String code) {
        for (Country c : COUNTRIES) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no country " + code);
    }

    static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
