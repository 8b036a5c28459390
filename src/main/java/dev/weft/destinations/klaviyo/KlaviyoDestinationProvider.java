package dev.weft.destinations.klaviyo;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.weft.WeftException;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.http.VendorHttp;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Klaviyo profiles of one account, through a private API key. Options: {@code identifier} ({@code email},
 * the default, {@code phone_number} or {@code external_id}: what every record must carry and what list
 * removals look profiles up by) and {@code list-id}, a list whose membership the sync mirrors.
 */
@Singleton
public class KlaviyoDestinationProvider implements DestinationProvider {

    static final String DEFAULT_BASE_URL = "https://a.klaviyo.com";
    /** A dated API revision every endpoint used here has (Klaviyo supports each revision for two years). */
    static final String DEFAULT_REVISION = "2025-01-15";
    /** Bulk Import Profiles: burst 10/s, steady 150/m, counted per account (so per connection). */
    static final RateLimit BULK_IMPORT_LIMIT = new RateLimit(150, Duration.ofMinutes(1), 10);

    @Override
    public String type() {
        return "klaviyo";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("api-key", true, true,
                        "Private API key (pk_...) with Profiles and Lists full access (Settings > API keys)"),
                new ConnectionField("default-country", false, false,
                        "ISO 3166-1 alpha-2 country (e.g. US) of phone numbers written without a country code"),
                new ConnectionField("revision", false, false, "API revision (YYYY-MM-DD), default " + DEFAULT_REVISION),
                new ConnectionField("base-url", false, false, "API root, default " + DEFAULT_BASE_URL));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String where = "connection '" + connection.name() + "' (klaviyo)";
        String apiKey = connection.secrets().get("api-key");
        if (apiKey == null || apiKey.isBlank()) {
            throw new WeftException(where + ": the secret 'api-key' is not set");
        }
        String revision = connection.setting("revision", DEFAULT_REVISION).trim();
        if (!revision.matches("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?")) {
            throw new WeftException(where + ": 'revision' must look like " + DEFAULT_REVISION + ", got '" + revision + "'");
        }
        String defaultCountry = connection.settings().get("default-country");
        if (defaultCountry != null) {
            defaultCountry = defaultCountry.trim().toUpperCase(Locale.ROOT);
            if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultCountry)) {
                throw new WeftException(where + ": 'default-country' must be an ISO 3166-1 alpha-2 country code "
                        + "(e.g. US, GB), got '" + connection.settings().get("default-country") + "'");
            }
        }
        String identifier = options.getOrDefault("identifier", KlaviyoProfiles.EMAIL).trim();
        if (!KlaviyoProfiles.IDENTIFIERS.contains(identifier)) {
            throw new WeftException("klaviyo option 'identifier': '" + identifier + "' is not one of "
                    + String.join(", ", KlaviyoProfiles.IDENTIFIERS));
        }
        String listId = options.get("list-id");
        if (listId != null) {
            listId = listId.trim();
            if (!listId.matches("[A-Za-z0-9]+")) {
                throw new WeftException("klaviyo option 'list-id' must be the list's id (letters and digits, as in "
                        + "the list's URL), got '" + options.get("list-id") + "'");
            }
        }
        return new KlaviyoDestination(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), apiKey.trim(), revision,
                identifier, defaultCountry, listId, capabilities(identifier, listId != null));
    }

    static Capabilities capabilities(String identifier, boolean list) {
        Set<SyncMode> modes = list ? Set.of(SyncMode.MIRROR, SyncMode.UPSERT) : Set.of(SyncMode.UPSERT);
        return new Capabilities(modes, Set.of(identifier), KlaviyoDestination.MAX_PROFILES_PER_JOB, BULK_IMPORT_LIMIT,
                false, true, KlaviyoProfiles.catalogue(identifier));
    }
}
