package dev.weft.destinations.salesforce;

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

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salesforce objects (Contact, Lead, or any object with an external ID field) through a connected app.
 * Options: {@code object}, {@code external-id-field} (both required) and {@code bulk-threshold}
 * (batches of at least this many records go through Bulk API 2.0; default 10,000, 0 turns bulk off).
 */
@Singleton
public class SalesforceDestinationProvider implements DestinationProvider {

    static final String DEFAULT_LOGIN_URL = "https://login.salesforce.com";
    static final String DEFAULT_API_VERSION = "v62.0";
    static final int DEFAULT_BULK_THRESHOLD = 10_000;
    /** The largest batch (one ingest job) Weft holds in memory; a run above it becomes several jobs. */
    static final int MAX_BULK_BATCH = 100_000;
    /**
     * The smallest 24-hour API request allocation of a production org (Enterprise and Professional
     * editions: 100,000 plus 1,000 per licence). Counted per org, so declared per connection; set
     * {@code daily-api-requests} to the org's figure (Setup > Company Information).
     */
    static final int DEFAULT_DAILY_API_REQUESTS = 100_000;

    /** A catalogue entry named {@code *__c}: any custom field (Salesforce names them with that suffix). */
    static final DestinationField CUSTOM_FIELDS = new DestinationField("*__c", "string", false, false);

    static final List<DestinationField> CONTACT_FIELDS = List.of(
            new DestinationField("Email", "email", false, false),
            new DestinationField("FirstName", "string", false, false),
            new DestinationField("LastName", "string", false, true),
            new DestinationField("Phone", "phone", false, false),
            new DestinationField("MobilePhone", "phone", false, false),
            new DestinationField("Title", "string", false, false),
            new DestinationField("Department", "string", false, false),
            new DestinationField("Birthdate", "date", false, false),
            new DestinationField("LeadSource", "string", false, false),
            new DestinationField("MailingStreet", "string", false, false),
            new DestinationField("MailingCity", "string", false, false),
            new DestinationField("MailingState", "string", false, false),
            new DestinationField("MailingPostalCode", "string", false, false),
            new DestinationField("MailingCountry", "string", false, false),
            new DestinationField("Description", "string", false, false));

    static final List<DestinationField> LEAD_FIELDS = List.of(
            new DestinationField("Email", "email", false, false),
            new DestinationField("FirstName", "string", false, false),
            new DestinationField("LastName", "string", false, true),
            new DestinationField("Company", "string", false, true),
            new DestinationField("Phone", "phone", false, false),
            new DestinationField("MobilePhone", "phone", false, false),
            new DestinationField("Title", "string", false, false),
            new DestinationField("Status", "string", false, false),
            new DestinationField("LeadSource", "string", false, false),
            new DestinationField("Industry", "string", false, false),
            new DestinationField("City", "string", false, false),
            new DestinationField("State", "string", false, false),
            new DestinationField("PostalCode", "string", false, false),
            new DestinationField("Country", "string", false, false),
            new DestinationField("Description", "string", false, false));

    @Override
    public String type() {
        return "salesforce";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("client-id", true, true, "Consumer key of the connected app"),
                new ConnectionField("client-secret", false, true,
                        "Consumer secret, for the client credentials flow (the app's Run As user acts)"),
                new ConnectionField("private-key", false, true,
                        "PEM PKCS#8 RSA key of the app's certificate, for the JWT bearer flow (instead of client-secret)"),
                new ConnectionField("username", false, false, "The user a JWT bearer token acts as"),
                new ConnectionField("jwt-audience", false, false,
                        "JWT 'aud': https://login.salesforce.com (default) or https://test.salesforce.com for sandboxes"),
                new ConnectionField("api-version", false, false, "REST API version, default " + DEFAULT_API_VERSION),
                new ConnectionField("daily-api-requests", false, false,
                        "The org's 24-hour API request allocation, default " + DEFAULT_DAILY_API_REQUESTS),
                new ConnectionField("base-url", false, false,
                        "Token endpoint root: the org's My Domain URL (required for client credentials) or " + DEFAULT_LOGIN_URL));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String object = required(options, "object");
        String externalIdField = required(options, "external-id-field");
        int bulkThreshold = number(options.getOrDefault("bulk-threshold", String.valueOf(DEFAULT_BULK_THRESHOLD)),
                "salesforce option 'bulk-threshold'", 0);
        if (bulkThreshold > MAX_BULK_BATCH) {
            throw new WeftException("salesforce option 'bulk-threshold' is at most " + MAX_BULK_BATCH
                    + " (a batch is held in memory while it is sent), got " + bulkThreshold);
        }
        int daily = number(connection.setting("daily-api-requests", String.valueOf(DEFAULT_DAILY_API_REQUESTS)),
                "connection '" + connection.name() + "' (salesforce): 'daily-api-requests'", 1);
        String version = connection.setting("api-version", DEFAULT_API_VERSION);
        if (!version.matches("v\\d+\\.\\d")) {
            throw new WeftException("connection '" + connection.name() + "' (salesforce): 'api-version' must look like "
                    + DEFAULT_API_VERSION + ", got '" + version + "'");
        }
        String loginUrl = VendorHttp.baseUrl(connection, DEFAULT_LOGIN_URL);
        SalesforceLogin login = VendorHttp.retrofit(loginUrl, VendorHttp.client().build()).create(SalesforceLogin.class);
        SalesforceSession session = new SalesforceSession(login, grant(connection), Clock.systemUTC());
        return new SalesforceDestination(session, version, object, externalIdField, bulkThreshold,
                capabilities(object, externalIdField, bulkThreshold, daily));
    }

    static Capabilities capabilities(String object, String externalIdField, int bulkThreshold, int dailyRequests) {
        List<DestinationField> fields = new ArrayList<>();
        List<DestinationField> standard = switch (object) {
            case "Contact" -> CONTACT_FIELDS;
            case "Lead" -> LEAD_FIELDS;
            default -> List.of(); // any other object: free-form, Salesforce itself names a wrong field
        };
        if (!standard.isEmpty()) {
            fields.add(new DestinationField(externalIdField, "string", true, true));
            standard.stream().filter(f -> !f.name().equals(externalIdField)).forEach(fields::add);
            fields.add(CUSTOM_FIELDS);
        }
        int maxBatch = bulkThreshold > 0 ? Math.max(bulkThreshold, SalesforceDestination.COLLECTION_LIMIT)
                : SalesforceDestination.COLLECTION_LIMIT;
        return new Capabilities(Set.of(SyncMode.UPSERT), Set.of(externalIdField), maxBatch,
                RateLimit.of(dailyRequests, Duration.ofHours(24)), false, bulkThreshold > 0, fields);
    }

    private static SalesforceSession.Grant grant(DestinationConnection connection) {
        String where = "connection '" + connection.name() + "' (salesforce)";
        String clientId = connection.secrets().get("client-id");
        if (clientId == null || clientId.isBlank()) {
            throw new WeftException(where + ": the secret 'client-id' is not set");
        }
        String privateKey = connection.secrets().get("private-key");
        if (privateKey != null && !privateKey.isBlank()) {
            String username = connection.settings().get("username");
            if (username == null || username.isBlank()) {
                throw new WeftException(where + ": 'username' is required with 'private-key' (JWT bearer flow)");
            }
            return new SalesforceSession.JwtBearer(clientId, username,
                    connection.setting("jwt-audience", DEFAULT_LOGIN_URL), parsePrivateKey(privateKey, where));
        }
        String secret = connection.secrets().get("client-secret");
        if (secret == null || secret.isBlank()) {
            throw new WeftException(where + ": set the secret 'client-secret' (client credentials flow) or "
                    + "'private-key' with 'username' (JWT bearer flow)");
        }
        return new SalesforceSession.ClientCredentials(clientId, secret);
    }

    static PrivateKey parsePrivateKey(String pem, String where) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new WeftException(where + ": 'private-key' is not a PEM PKCS#8 RSA key (-----BEGIN PRIVATE KEY-----)");
        }
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new WeftException("salesforce option '" + key + "' is required");
        }
        if (!value.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new WeftException("salesforce option '" + key + "': '" + value + "' is not a Salesforce API name");
        }
        return value;
    }

    private static int number(String value, String what, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new WeftException(what + " must be a whole number of at least " + min + ", got '" + value + "'");
    }
}
