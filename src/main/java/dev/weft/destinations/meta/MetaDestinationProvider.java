package dev.weft.destinations.meta;

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
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Meta (Facebook, Instagram) customer-list custom audiences through the Marketing API with a system
 * user's access token. Option: {@code audience-id}, the custom audience whose membership the sync
 * mirrors. Connection settings: {@code default-country} (phones without a country code),
 * {@code api-version}, {@code requests-per-hour}; secrets {@code access-token} and, when the app
 * requires it, {@code app-secret} (for {@code appsecret_proof}).
 */
@Singleton
public class MetaDestinationProvider implements DestinationProvider {

    static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
    static final String DEFAULT_API_VERSION = "v25.0";
    /**
     * The Custom Audience business-use-case limit at standard access is 5,000 + 40 x active custom
     * audiences calls per hour per ad account (developers.facebook.com/docs/graph-api/overview/rate-limiting);
     * the base is declared, and {@code requests-per-hour} raises it (190,000 + ... at advanced access).
     */
    static final int DEFAULT_REQUESTS_PER_HOUR = 5_000;

    private static final Pattern API_VERSION = Pattern.compile("v\\d+\\.\\d+");
    private static final Pattern NUMERIC_ID = Pattern.compile("\\d+");
    private static final Set<String> OPTIONS = Set.of("audience-id");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    static final List<DestinationField> FIELDS = List.of(
            new DestinationField("EMAIL", "email", true, false),
            new DestinationField("PHONE", "phone", true, false),
            new DestinationField("FN", "string", false, false),
            new DestinationField("LN", "string", false, false),
            new DestinationField("CT", "string", false, false),
            new DestinationField("ST", "string", false, false),
            new DestinationField("ZIP", "string", false, false),
            new DestinationField("COUNTRY", "string", false, false),
            new DestinationField("EXTERN_ID", "string", true, false));

    @Override
    public String type() {
        return "meta";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("access-token", true, true,
                        "System user access token with ads_management (Business Settings > Users > System users)"),
                new ConnectionField("app-secret", false, true,
                        "App secret, when the app requires appsecret_proof (App settings > Basic)"),
                new ConnectionField("default-country", false, false,
                        "ISO 3166-1 alpha-2 country for phone numbers written without a country code, e.g. US"),
                new ConnectionField("api-version", false, false, "Graph API version, default " + DEFAULT_API_VERSION),
                new ConnectionField("requests-per-hour", false, false,
                        "Custom Audience calls per hour for the ad account, default " + DEFAULT_REQUESTS_PER_HOUR),
                new ConnectionField("base-url", false, false, "API root, default " + DEFAULT_BASE_URL));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String where = "connection '" + connection.name() + "' (meta)";
        String token = connection.secrets().get("access-token");
        if (token == null || token.isBlank()) {
            throw new WeftException(where + ": the secret 'access-token' is not set");
        }
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new WeftException("meta option '" + key + "' is not known (options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        String audienceId = options.get("audience-id");
        if (audienceId == null || !NUMERIC_ID.matcher(audienceId.trim()).matches()) {
            throw new WeftException("meta option 'audience-id' must be the custom audience's numeric id"
                    + (audienceId == null ? " and is missing" : ", got '" + audienceId + "'"));
        }
        String version = connection.setting("api-version", DEFAULT_API_VERSION).trim();
        if (!API_VERSION.matcher(version).matches()) {
            throw new WeftException(where + ": setting 'api-version' must look like " + DEFAULT_API_VERSION
                    + ", got '" + version + "'");
        }
        String defaultCountry = connection.settings().get("default-country");
        if (defaultCountry != null) {
            defaultCountry = defaultCountry.trim().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(defaultCountry)) {
                throw new WeftException(where + ": setting 'default-country' must be an ISO 3166-1 alpha-2 code "
                        + "such as US or GB, got '" + connection.settings().get("default-country") + "'");
            }
        }
        int perHour = positiveInt(connection, "requests-per-hour", DEFAULT_REQUESTS_PER_HOUR, where);

        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("access_token", token);
        String appSecret = connection.secrets().get("app-secret");
        if (appSecret != null && !appSecret.isBlank()) {
            auth.put("appsecret_proof", appSecretProof(appSecret, token));
        }
        MetaApi api = VendorHttp.retrofit(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), VendorHttp.client().build())
                .create(MetaApi.class);
        return new MetaDestination(api, version, audienceId.trim(), auth, defaultCountry, capabilities(perHour));
    }

    static Capabilities capabilities(int requestsPerHour) {
        return new Capabilities(Set.of(SyncMode.MIRROR), MetaDestination.MATCH_KEYS.keySet(), MetaDestination.MAX_ROWS,
                RateLimit.of(requestsPerHour, Duration.ofHours(1)), true, false, FIELDS);
    }

    /** Meta's appsecret_proof: the hex HMAC-SHA256 of the access token keyed with the app secret. */
    static String appSecretProof(String appSecret, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static int positiveInt(DestinationConnection connection, String key, int fallback, String where) {
        String value = connection.settings().get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WeftException(where + ": setting '" + key + "' must be a positive whole number, got '" + value + "'");
    }
}
