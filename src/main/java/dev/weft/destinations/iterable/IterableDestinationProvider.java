package dev.weft.destinations.iterable;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Iterable users in one project. Options: {@code identifier} ({@code email}, the default, or
 * {@code userId}, as the project's unique identifier is set) and {@code list-id}, a static list whose
 * membership the sync mirrors (subscribe on add, unsubscribe on remove).
 */
@Singleton
public class IterableDestinationProvider implements DestinationProvider {

    static final String DEFAULT_BASE_URL = "https://api.iterable.com";
    /** users/bulkUpdate: 10 requests per second, per project (so per connection). */
    static final RateLimit BULK_UPDATE_LIMIT = RateLimit.perSecond(10);

    /** A catalogue entry named {@code *}: any data field (Iterable creates them on first write). */
    static final DestinationField CUSTOM_DATA_FIELDS = new DestinationField("*", "string", false, false);

    static final List<DestinationField> STANDARD_FIELDS = List.of(
            new DestinationField("email", "email", true, false),
            new DestinationField("userId", "string", true, false),
            new DestinationField("firstName", "string", false, false),
            new DestinationField("lastName", "string", false, false),
            new DestinationField("phoneNumber", "phone", false, false),
            CUSTOM_DATA_FIELDS);

    private static final Set<String> IDENTIFIERS = Set.of("email", "userId");

    @Override
    public String type() {
        return "iterable";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("api-key", true, true, "Server-side API key (Integrations > API Keys) of the project"),
                new ConnectionField("base-url", false, false,
                        "API root: " + DEFAULT_BASE_URL + " (default) or https://api.eu.iterable.com for EU projects"));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String apiKey = connection.secrets().get("api-key");
        if (apiKey == null || apiKey.isBlank()) {
            throw new WeftException("connection '" + connection.name() + "' (iterable): the secret 'api-key' is not set");
        }
        String identifier = options.getOrDefault("identifier", "email");
        if (!IDENTIFIERS.contains(identifier)) {
            throw new WeftException("iterable option 'identifier': '" + identifier + "' is not one of email, userId");
        }
        Long listId = null;
        String list = options.get("list-id");
        if (list != null) {
            try {
                listId = Long.parseLong(list.trim());
            } catch (NumberFormatException e) {
                throw new WeftException("iterable option 'list-id' must be the list's numeric id, got '" + list + "'");
            }
        }
        return new IterableDestination(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), apiKey, identifier, listId,
                capabilities(identifier, listId != null));
    }

    static Capabilities capabilities(String identifier, boolean list) {
        List<DestinationField> fields = new ArrayList<>();
        for (DestinationField f : STANDARD_FIELDS) {
            fields.add(IDENTIFIERS.contains(f.name())
                    ? new DestinationField(f.name(), f.type(), f.name().equals(identifier), f.name().equals(identifier)) : f);
        }
        Set<SyncMode> modes = list ? Set.of(SyncMode.MIRROR, SyncMode.UPSERT) : Set.of(SyncMode.UPSERT);
        return new Capabilities(modes, Set.of(identifier), IterableDestination.MAX_BATCH, BULK_UPDATE_LIMIT,
                false, false, fields);
    }
}
