package dev.weft.destinations.customerio;

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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * People in one Customer.io workspace, through the Track API. Options: {@code identifier} ({@code id}, the
 * default, {@code email} or {@code cio_id}, as the workspace identifies people) and, to sync an audience,
 * either {@code membership-attribute} (an attribute set true for members and false for leavers, for a
 * data-driven segment) or {@code segment-id} (a manual segment the sync fills and empties).
 */
@Singleton
public class CustomerIoDestinationProvider implements DestinationProvider {

    static final Map<String, String> TRACK_HOSTS = Map.of(
            "us", "https://track.customer.io",
            "eu", "https://track-eu.customer.io");

    /**
     * The Track API's fair-use limit, 100 requests per second per workspace, for v1 and v2 alike
     * (docs.customer.io/integrations/api/customerio-apis). A manual-segment sync makes two calls per batch
     * (identify, then add or remove), so it declares half.
     */
    static final RateLimit TRACK_LIMIT = RateLimit.perSecond(100);
    static final RateLimit SEGMENT_SYNC_LIMIT = RateLimit.perSecond(50);

    /** Customer.io refuses attribute names longer than 150 bytes ("Invalid API requests"). */
    static final int MAX_ATTRIBUTE_NAME_BYTES = 150;

    /** A catalogue entry named {@code *}: any custom attribute (Customer.io creates them on first write). */
    static final DestinationField CUSTOM_ATTRIBUTES = new DestinationField("*", "string", false, false);

    static final List<DestinationField> STANDARD_ATTRIBUTES = List.of(
            new DestinationField("id", "string", true, false),
            new DestinationField("email", "email", true, false),
            new DestinationField("cio_id", "string", true, false),
            // Customer.io compares dates as Unix timestamps (seconds), so map a number here.
            new DestinationField("created_at", "number", false, false),
            new DestinationField("unsubscribed", "boolean", false, false),
            CUSTOM_ATTRIBUTES);

    private static final Set<String> IDENTIFIERS = Set.of("id", "email", "cio_id");

    @Override
    public String type() {
        return "customerio";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("site-id", true, false,
                        "Site ID of the workspace's Track API credentials (Account Settings > API Credentials > Track API Keys)"),
                new ConnectionField("api-key", true, true, "API key of the same Track API credentials"),
                new ConnectionField("region", false, false, "Data center of the account: us (default) or eu"),
                new ConnectionField("base-url", false, false,
                        "Track API root; default from region: " + TRACK_HOSTS.get("us") + " or " + TRACK_HOSTS.get("eu")));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String where = "connection '" + connection.name() + "' (customerio)";
        String siteId = connection.settings().get("site-id");
        if (siteId == null || siteId.isBlank()) {
            throw new WeftException(where + ": the setting 'site-id' is not set (the Site ID of the Track API credentials)");
        }
        String apiKey = connection.secrets().get("api-key");
        if (apiKey == null || apiKey.isBlank()) {
            throw new WeftException(where + ": the secret 'api-key' is not set");
        }
        String region = connection.setting("region", "us").trim().toLowerCase(Locale.ROOT);
        if (!TRACK_HOSTS.containsKey(region)) {
            throw new WeftException(where + ": 'region' must be us or eu, got '" + connection.settings().get("region") + "'");
        }
        String identifier = options.getOrDefault("identifier", "id");
        if (!IDENTIFIERS.contains(identifier)) {
            throw new WeftException("customerio option 'identifier': '" + identifier + "' is not one of id, email, cio_id");
        }
        String attribute = options.get("membership-attribute");
        if (attribute != null) {
            attribute = attribute.trim();
            if (attribute.isEmpty() || attribute.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_NAME_BYTES) {
                throw new WeftException("customerio option 'membership-attribute' must be an attribute name of 1 to "
                        + MAX_ATTRIBUTE_NAME_BYTES + " bytes, got '" + options.get("membership-attribute") + "'");
            }
            if (IDENTIFIERS.contains(attribute) || attribute.equals("_update")) {
                throw new WeftException("customerio option 'membership-attribute': '" + attribute
                        + "' is an identifier or reserved by Customer.io; name an attribute of your own, e.g. weft_vip");
            }
        }
        Long segmentId = null;
        String segment = options.get("segment-id");
        if (segment != null) {
            if (attribute != null) {
                throw new WeftException("customerio options 'membership-attribute' and 'segment-id' exclude each other: "
                        + "an audience is either an attribute (for a data-driven segment) or a manual segment");
            }
            try {
                segmentId = Long.parseLong(segment.trim());
            } catch (NumberFormatException e) {
                segmentId = -1L;
            }
            if (segmentId <= 0 || segmentId > Integer.MAX_VALUE) {
                throw new WeftException("customerio option 'segment-id' must be the manual segment's numeric id "
                        + "(Segments > the segment > Usage), got '" + segment + "'");
            }
        }
        String baseUrl = VendorHttp.baseUrl(connection, TRACK_HOSTS.get(region));
        return new CustomerIoDestination(baseUrl, siteId.trim(), apiKey, identifier, attribute, segmentId, region,
                capabilities(identifier, attribute != null || segmentId != null, segmentId != null));
    }

    static Capabilities capabilities(String identifier, boolean audience, boolean manualSegment) {
        List<DestinationField> fields = new ArrayList<>();
        for (DestinationField f : STANDARD_ATTRIBUTES) {
            // Only the configured identifier identifies (and is required); the others are plain attributes.
            fields.add(IDENTIFIERS.contains(f.name())
                    ? new DestinationField(f.name(), f.type(), f.name().equals(identifier), f.name().equals(identifier)) : f);
        }
        Set<SyncMode> modes = audience ? Set.of(SyncMode.MIRROR, SyncMode.UPSERT) : Set.of(SyncMode.UPSERT, SyncMode.UPDATE);
        return new Capabilities(modes, Set.of(identifier), CustomerIoDestination.MAX_BATCH,
                manualSegment ? SEGMENT_SYNC_LIMIT : TRACK_LIMIT, false, false, fields);
    }
}
