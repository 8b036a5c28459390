package dev.weft.destinations.hubspot;

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
 * HubSpot contacts and companies through a private app's access token. Options: {@code object}
 * ({@code contacts}, the default, or {@code companies}), {@code id-property}, the unique property
 * records are matched on ({@code email} by default for contacts; companies need a property with
 * unique values, e.g. a custom {@code external_id}), and {@code list-id}, a MANUAL or SNAPSHOT list
 * whose membership the sync mirrors.
 */
@Singleton
public class HubSpotDestinationProvider implements DestinationProvider {

    static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    /**
     * HubSpot's burst limit for private apps: 100 requests per 10 s on Free and Starter, 190 on
     * Professional and Enterprise. It is counted per account (portal), which is why it is declared per
     * connection; raise {@code requests-per-10-seconds} on a Professional or Enterprise portal.
     */
    static final int DEFAULT_REQUESTS_PER_10_SECONDS = 100;

    /** A catalogue entry named {@code *}: any other property the portal defines (custom properties). */
    static final DestinationField CUSTOM_PROPERTIES = new DestinationField("*", "string", false, false);

    static final List<DestinationField> CONTACT_FIELDS = List.of(
            new DestinationField("email", "email", true, false),
            new DestinationField("firstname", "string", false, false),
            new DestinationField("lastname", "string", false, false),
            new DestinationField("phone", "phone", false, false),
            new DestinationField("mobilephone", "phone", false, false),
            new DestinationField("company", "string", false, false),
            new DestinationField("jobtitle", "string", false, false),
            new DestinationField("website", "string", false, false),
            new DestinationField("address", "string", false, false),
            new DestinationField("city", "string", false, false),
            new DestinationField("state", "string", false, false),
            new DestinationField("zip", "string", false, false),
            new DestinationField("country", "string", false, false),
            new DestinationField("lifecyclestage", "string", false, false),
            new DestinationField("hs_lead_status", "string", false, false),
            CUSTOM_PROPERTIES);

    static final List<DestinationField> COMPANY_FIELDS = List.of(
            new DestinationField("name", "string", false, false),
            new DestinationField("domain", "string", false, false),
            new DestinationField("phone", "phone", false, false),
            new DestinationField("website", "string", false, false),
            new DestinationField("industry", "string", false, false),
            new DestinationField("city", "string", false, false),
            new DestinationField("state", "string", false, false),
            new DestinationField("country", "string", false, false),
            new DestinationField("numberofemployees", "number", false, false),
            new DestinationField("annualrevenue", "number", false, false),
            new DestinationField("description", "string", false, false),
            CUSTOM_PROPERTIES);

    @Override
    public String type() {
        return "hubspot";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("access-token", true, true,
                        "Private app access token (Settings > Integrations > Private Apps) with the crm.objects.contacts "
                                + "and crm.objects.companies read/write scopes (and crm.lists read/write for list syncs)"),
                new ConnectionField("requests-per-10-seconds", false, false,
                        "The portal's burst limit: 100 (Free, Starter; the default) or 190 (Professional, Enterprise)"),
                new ConnectionField("base-url", false, false, "API root, default " + DEFAULT_BASE_URL));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String token = connection.secrets().get("access-token");
        if (token == null || token.isBlank()) {
            throw new WeftException("connection '" + connection.name() + "' (hubspot): the secret 'access-token' is not set");
        }
        String object = options.getOrDefault("object", "contacts");
        if (!object.equals("contacts") && !object.equals("companies")) {
            throw new WeftException("hubspot option 'object': '" + object + "' is not supported; use contacts or companies");
        }
        String idProperty = options.get("id-property");
        if (idProperty == null || idProperty.isBlank()) {
            if (object.equals("companies")) {
                throw new WeftException("hubspot option 'id-property' is required for companies: name a company "
                        + "property with unique values (HubSpot matches upserts on it)");
            }
            idProperty = "email";
        }
        String listId = options.get("list-id");
        if (listId != null && !listId.matches("\\d+")) {
            throw new WeftException("hubspot option 'list-id' must be the list's numeric id (a MANUAL or SNAPSHOT list), got '"
                    + listId + "'");
        }
        return new HubSpotDestination(VendorHttp.baseUrl(connection, DEFAULT_BASE_URL), token, object, idProperty, listId,
                capabilities(object, idProperty, listId != null, requestsPer10Seconds(connection)));
    }

    /**
     * A list sync makes up to three calls per batch (upsert, read the removed records' ids, change the
     * membership), so it declares a third of the portal's budget: the executor counts batches.
     */
    static Capabilities capabilities(String object, String idProperty, boolean list, int requestsPer10Seconds) {
        List<DestinationField> fields = new ArrayList<>();
        for (DestinationField f : object.equals("contacts") ? CONTACT_FIELDS : COMPANY_FIELDS) {
            // The id property is the record identifier whatever the object (a custom unique property too).
            fields.add(f.name().equals(idProperty) ? new DestinationField(f.name(), f.type(), true, true) : f);
        }
        if (fields.stream().noneMatch(f -> f.name().equals(idProperty))) {
            fields.add(0, new DestinationField(idProperty, "string", true, true));
        }
        Set<SyncMode> modes = list ? Set.of(SyncMode.MIRROR, SyncMode.UPSERT) : Set.of(SyncMode.UPSERT, SyncMode.UPDATE);
        int batchesPer10Seconds = list ? Math.max(1, requestsPer10Seconds / 3) : requestsPer10Seconds;
        return new Capabilities(modes, Set.of(idProperty), HubSpotDestination.MAX_BATCH,
                RateLimit.of(batchesPer10Seconds, Duration.ofSeconds(10)), false, false, fields);
    }

    private static int requestsPer10Seconds(DestinationConnection connection) {
        String value = connection.setting("requests-per-10-seconds", String.valueOf(DEFAULT_REQUESTS_PER_10_SECONDS));
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the key that is wrong
        }
        throw new WeftException("connection '" + connection.name() + "' (hubspot): 'requests-per-10-seconds' must be a "
                + "positive whole number, got '" + value + "'");
    }
}
