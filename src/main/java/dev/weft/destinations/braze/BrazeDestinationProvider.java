package dev.weft.destinations.braze;

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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Braze user profiles in one workspace. Options: {@code identifier} ({@code external_id}, the default,
 * {@code email} or {@code user_alias} with {@code alias-label}) and {@code subscription-group-id}, which
 * turns the sync into audience membership of that subscription group (mirror: subscribe and unsubscribe).
 */
@Singleton
public class BrazeDestinationProvider implements DestinationProvider {

    /** /users/track's default limit: 3,000 requests per three seconds, per workspace (so per connection). */
    static final RateLimit USERS_TRACK_LIMIT = RateLimit.of(3_000, Duration.ofSeconds(3));

    /** A catalogue entry named {@code *}: any custom attribute (Braze creates them on first write). */
    static final DestinationField CUSTOM_ATTRIBUTES = new DestinationField("*", "string", false, false);

    static final List<DestinationField> STANDARD_ATTRIBUTES = List.of(
            new DestinationField("external_id", "string", true, false),
            new DestinationField("email", "email", true, false),
            new DestinationField("user_alias", "string", true, false),
            new DestinationField("phone", "phone", false, false),
            new DestinationField("first_name", "string", false, false),
            new DestinationField("last_name", "string", false, false),
            new DestinationField("country", "string", false, false),
            new DestinationField("home_city", "string", false, false),
            new DestinationField("language", "string", false, false),
            new DestinationField("gender", "string", false, false),
            new DestinationField("dob", "date", false, false),
            new DestinationField("time_zone", "string", false, false),
            new DestinationField("email_subscribe", "string", false, false),
            new DestinationField("push_subscribe", "string", false, false),
            CUSTOM_ATTRIBUTES);

    private static final Set<String> IDENTIFIERS = Set.of("external_id", "email", "user_alias");

    @Override
    public String type() {
        return "braze";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("api-key", true, true,
                        "REST API key (Settings > APIs and Identifiers) with the users.track and events.list permissions"),
                new ConnectionField("base-url", true, false,
                        "The workspace's REST endpoint, e.g. https://rest.iad-01.braze.com (it depends on the instance)"));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String where = "connection '" + connection.name() + "' (braze)";
        String apiKey = connection.secrets().get("api-key");
        if (apiKey == null || apiKey.isBlank()) {
            throw new WeftException(where + ": the secret 'api-key' is not set");
        }
        String baseUrl = connection.settings().get("base-url");
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new WeftException(where + ": 'base-url' is required: the workspace's REST endpoint, e.g. "
                    + "https://rest.iad-01.braze.com");
        }
        String identifier = options.getOrDefault("identifier", "external_id");
        if (!IDENTIFIERS.contains(identifier)) {
            throw new WeftException("braze option 'identifier': '" + identifier + "' is not one of external_id, email, user_alias");
        }
        String aliasLabel = options.get("alias-label");
        if (identifier.equals("user_alias") && (aliasLabel == null || aliasLabel.isBlank())) {
            throw new WeftException("braze option 'alias-label' is required with identifier user_alias");
        }
        String group = options.get("subscription-group-id");
        if (group != null && group.isBlank()) {
            throw new WeftException("braze option 'subscription-group-id' is empty");
        }
        return new BrazeDestination(VendorHttp.baseUrl(connection, baseUrl), apiKey, identifier, aliasLabel, group,
                capabilities(identifier, group != null));
    }

    static Capabilities capabilities(String identifier, boolean audience) {
        List<DestinationField> fields = new ArrayList<>();
        for (DestinationField f : STANDARD_ATTRIBUTES) {
            // Only the configured identifier identifies (and is required); the others are plain attributes.
            fields.add(IDENTIFIERS.contains(f.name())
                    ? new DestinationField(f.name(), f.type(), f.name().equals(identifier), f.name().equals(identifier)) : f);
        }
        Set<SyncMode> modes = audience ? Set.of(SyncMode.MIRROR, SyncMode.UPSERT) : Set.of(SyncMode.UPSERT, SyncMode.UPDATE);
        return new Capabilities(modes, Set.of(identifier), BrazeDestination.MAX_BATCH, USERS_TRACK_LIMIT, false, false, fields);
    }
}
