package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.WeftException;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationField;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.http.VendorHttp;
import dev.weft.destinations.identifiers.IdentifierKind;
import dev.weft.destinations.identifiers.IdentifierRules;
import dev.weft.destinations.identifiers.Normalized;
import jakarta.inject.Singleton;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Google Ads Customer Match: an audience mirrored into one customer list ({@code user-list-id}) of the
 * connection's account ({@code customer-id}), through OfflineUserDataJobs. Optional options
 * {@code ad-user-data-consent} and {@code ad-personalization-consent} (GRANTED, DENIED, UNSPECIFIED) set the
 * consent Google asks upload jobs to declare for the people they add.
 */
@Singleton
public class GoogleAdsDestinationProvider implements DestinationProvider {

    static final String DEFAULT_BASE_URL = "https://googleads.googleapis.com";
    static final String DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token";
    static final String DEFAULT_API_VERSION = "v26";
    static final String DEFAULT_ACCESS_LEVEL = "basic";

    /**
     * Daily API operations of the Google Cloud project by access level (docs/api-policy/access-levels and
     * best-practices/quotas: Explorer 2,880 on production accounts, Basic 15,000, Test 15,000 on test
     * accounts, Standard unlimited). Every call here counts one operation, addOperations included.
     */
    static final Map<String, Integer> DAILY_OPERATIONS = Map.of("test", 15_000, "explorer", 2_880, "basic", 15_000);

    /** Calls one full batch costs: the overlap check, create, the addOperations requests, run (polls come on top). */
    static final int CALLS_PER_BATCH = 3 + GoogleAdsDestination.MAX_BATCH / GoogleAdsDestination.OPERATIONS_PER_REQUEST;

    static final List<DestinationField> FIELDS = List.of(
            new DestinationField(UserIdentifiers.EMAIL, "email", true, false),
            new DestinationField(UserIdentifiers.PHONE, "phone", true, false),
            new DestinationField(UserIdentifiers.FIRST_NAME, "string", false, false),
            new DestinationField(UserIdentifiers.LAST_NAME, "string", false, false),
            new DestinationField(UserIdentifiers.COUNTRY_CODE, "string", false, false),
            new DestinationField(UserIdentifiers.POSTAL_CODE, "string", false, false),
            new DestinationField(UserIdentifiers.THIRD_PARTY_USER_ID, "string", true, false));

    private static final Set<String> CONSENT_VALUES = Set.of("GRANTED", "DENIED", "UNSPECIFIED");

    @Override
    public String type() {
        return "google-ads";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("client-id", true, true, "OAuth client ID (Google Cloud console > APIs & Services > Credentials)"),
                new ConnectionField("client-secret", true, true, "The OAuth client's secret"),
                new ConnectionField("refresh-token", true, true,
                        "Refresh token of a Google user with access to the account, scope https://www.googleapis.com/auth/adwords"),
                new ConnectionField("developer-token", false, true,
                        "Developer token (legacy: Google sunset developer tokens and ignores the header; sent only if set)"),
                new ConnectionField("customer-id", true, false, "The Google Ads account that owns the list, e.g. 123-456-7890"),
                new ConnectionField("login-customer-id", false, false,
                        "The manager account's id, when the user reaches the account through a manager account"),
                new ConnectionField("default-country", false, false,
                        "ISO 3166-1 alpha-2 country for phone numbers without a country code and addresses without country_code"),
                new ConnectionField("access-level", false, false,
                        "The Cloud project's Google Ads API access level: test, explorer, basic (default) or standard"),
                new ConnectionField("api-version", false, false, "Google Ads API version, default " + DEFAULT_API_VERSION),
                new ConnectionField("token-url", false, false, "OAuth token endpoint, default " + DEFAULT_TOKEN_URL),
                new ConnectionField("base-url", false, false, "API root, default " + DEFAULT_BASE_URL));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String where = "connection '" + connection.name() + "' (google-ads)";
        GoogleAdsSession.Credentials credentials = new GoogleAdsSession.Credentials(
                secret(connection, "client-id", where), secret(connection, "client-secret", where),
                secret(connection, "refresh-token", where));
        String developerToken = blankToNull(connection.secrets().get("developer-token"));
        String customerId = customerId(connection.settings().get("customer-id"), where + ": 'customer-id'", true);
        String loginCustomerId = customerId(connection.settings().get("login-customer-id"), where + ": 'login-customer-id'", false);
        String defaultCountry = defaultCountry(connection.settings().get("default-country"), where);
        String version = connection.setting("api-version", DEFAULT_API_VERSION).trim();
        if (!version.matches("v\\d+")) {
            throw new WeftException(where + ": 'api-version' must look like " + DEFAULT_API_VERSION + ", got '" + version + "'");
        }
        RateLimit rateLimit = rateLimit(connection.setting("access-level", DEFAULT_ACCESS_LEVEL), where);
        String tokenUrl = connection.setting("token-url", DEFAULT_TOKEN_URL).trim();
        if (HttpUrl.parse(tokenUrl) == null) {
            throw new WeftException(where + ": 'token-url' is not an http(s) URL: '" + tokenUrl + "'");
        }

        String listId = options.get("user-list-id");
        if (listId == null || !listId.trim().matches("\\d+")) {
            throw new WeftException("google-ads option 'user-list-id' is required: the customer list's numeric id "
                    + "(user_list.id; the connection test lists them)" + (listId == null ? "" : ", got '" + listId + "'"));
        }
        String userList = "customers/" + customerId + "/userLists/" + listId.trim();

        GoogleOAuth oauth = VendorHttp.retrofit(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), VendorHttp.client().build())
                .create(GoogleOAuth.class);
        GoogleAdsSession session = new GoogleAdsSession(oauth, tokenUrl, credentials, developerToken, loginCustomerId,
                Clock.systemUTC());
        OkHttpClient http = VendorHttp.client().addInterceptor(session).authenticator(session).build();
        GoogleAdsApi api = VendorHttp.retrofit(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), http).create(GoogleAdsApi.class);
        Capabilities capabilities = new Capabilities(Set.of(SyncMode.MIRROR, SyncMode.UPSERT),
                Set.of("email", "phone", "address", "third_party_user_id"), GoogleAdsDestination.MAX_BATCH, rateLimit,
                true, true, FIELDS);
        return new GoogleAdsDestination(api, version, customerId, userList, defaultCountry, consent(options), capabilities,
                Clock.systemUTC());
    }

    private static RateLimit rateLimit(String accessLevel, String where) {
        String level = accessLevel.trim().toLowerCase(Locale.ROOT);
        if (level.equals("standard")) {
            return RateLimit.unlimited(); // no daily cap; Google's short-term limits answer 429 with a retry delay
        }
        Integer daily = DAILY_OPERATIONS.get(level);
        if (daily == null) {
            throw new WeftException(where + ": 'access-level' must be test, explorer, basic or standard, got '" + accessLevel + "'");
        }
        return RateLimit.of(daily / CALLS_PER_BATCH, Duration.ofHours(24));
    }

    /** Customer ids are ten digits, shown in the UI as 123-456-7890; the API takes the digits only. */
    private static String customerId(String value, String what, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new WeftException(what + " is required: the Google Ads account id shown at the top of the UI, e.g. 123-456-7890");
            }
            return null;
        }
        String digits = value.trim().replace("-", "");
        if (!digits.matches("\\d{10}")) {
            throw new WeftException(what + " must be a ten-digit Google Ads customer id like 123-456-7890, got '" + value + "'");
        }
        return digits;
    }

    private static String defaultCountry(String value, String where) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Normalized country = IdentifierRules.GOOGLE_ADS.normalize(IdentifierKind.COUNTRY, value, null);
        if (country instanceof Normalized.Valid valid) {
            return valid.value();
        }
        throw new WeftException(where + ": 'default-country' must be an ISO 3166-1 alpha-2 country code like US, got '" + value + "'");
    }

    /** The job's consent object from the two consent options, or null when neither is set. */
    private static ObjectNode consent(Map<String, String> options) {
        ObjectNode consent = VendorHttp.JSON.createObjectNode();
        consentOption(options, "ad-user-data-consent", "adUserData", consent);
        consentOption(options, "ad-personalization-consent", "adPersonalization", consent);
        return consent.isEmpty() ? null : consent;
    }

    private static void consentOption(Map<String, String> options, String key, String field, ObjectNode consent) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            return;
        }
        String status = value.trim().toUpperCase(Locale.ROOT);
        if (!CONSENT_VALUES.contains(status)) {
            throw new WeftException("google-ads option '" + key + "' must be GRANTED, DENIED or UNSPECIFIED, got '" + value + "'");
        }
        consent.put(field, status);
    }

    private static String secret(DestinationConnection connection, String name, String where) {
        String value = blankToNull(connection.secrets().get(name));
        if (value == null) {
            throw new WeftException(where + ": the secret '" + name + "' is not set");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
