package dev.weft.destinations.customerio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;
import dev.weft.destinations.identifiers.IdentifierKind;
import dev.weft.destinations.identifiers.IdentifierRules;
import dev.weft.destinations.identifiers.Normalized;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Customer.io people, through the Track API. Every added or changed record is an {@code identify}
 * operation of the v2 {@code /batch} endpoint, keyed by the configured identifier ({@code id},
 * {@code email} or {@code cio_id}) with the other mapped fields as attributes. An audience reaches
 * Customer.io in one of two ways:
 * <ul>
 *   <li>a membership attribute: members get {@code <attribute>: true}, leavers {@code false}, and a
 *       data-driven segment on that attribute follows the audience;</li>
 *   <li>a manual segment: members are identified, then added with {@code add_customers}; leavers are taken
 *       off with {@code remove_customers}.</li>
 * </ul>
 * A batch is split into as many {@code /batch} requests as its size needs (500 kB each); a record whose
 * operation alone exceeds 32 kB, or whose identifier is missing or invalid, is reported and never sent.
 */
final class CustomerIoDestination implements Destination {

    static final String VENDOR = "Customer.io";
    /**
     * Records per {@link #send}: Customer.io limits {@code /batch} by bytes only, so the count matches the
     * 1,000 ids a manual-segment call takes, and the bytes are split below.
     */
    static final int MAX_BATCH = 1_000;
    /**
     * "Your batch request must be smaller than 500kb. Each of the requests within the batch must also be
     * 32kb or smaller" (Track API, POST /api/v2/batch). Read as decimal kilobytes, the stricter reading.
     */
    static final int MAX_REQUEST_BYTES = 500_000;
    static final int MAX_ENTRY_BYTES = 32_000;

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final byte[] BATCH_OPEN = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);
    /** One @, no blanks, a dot in the domain: enough to catch values that are not addresses at all. */

    /** An identify operation ready to send: its record, normalized identifier and JSON bytes. */
    private record Identify(SyncRecord record, String identifier, byte[] json) {
    }

    private final String identifier;
    private final String membershipAttribute;
    private final Long segmentId;
    private final String expectedRegion;
    private final Capabilities capabilities;
    private final CustomerIoApi api;

    /**
     * @param membershipAttribute the attribute an audience sets (or null)
     * @param segmentId           the manual segment an audience fills (or null); at most one of the two is set
     * @param expectedRegion      the region the connection is configured for, checked by {@link #test()}
     */
    CustomerIoDestination(String baseUrl, String siteId, String apiKey, String identifier, String membershipAttribute,
                          Long segmentId, String expectedRegion, Capabilities capabilities) {
        this.identifier = identifier;
        this.membershipAttribute = membershipAttribute;
        this.segmentId = segmentId;
        this.expectedRegion = expectedRegion;
        this.capabilities = capabilities;
        String authorization = Credentials.basic(siteId, apiKey, StandardCharsets.UTF_8);
        this.api = VendorHttp.api(CustomerIoApi.class, baseUrl, "Authorization", authorization);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_BATCH, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<Identify> identifies = new ArrayList<>();
        List<String> segmentRemovals = new ArrayList<>();
        for (SyncRecord record : batch.records()) {
            String key = record.key();
            Object raw = record.fields().get(identifier);
            String id = raw == null ? null : normalizedIdentifier(raw.toString());
            if (raw == null || raw.toString().isBlank()) {
                results.put(key, RecordResult.permanent(key, "missing the identifier '" + identifier + "'"));
            } else if (id == null) {
                results.put(key, RecordResult.permanent(key, "'" + identifier + "' is not a valid email address: '" + raw + "'"));
            } else if (record.operation() == Operation.REMOVE && membershipAttribute == null && segmentId == null) {
                results.put(key, RecordResult.permanent(key, "Customer.io person syncs never delete people; "
                        + "set membership-attribute or segment-id to sync an audience"));
            } else if (record.operation() == Operation.REMOVE && segmentId != null) {
                segmentRemovals.add(id);
                results.put(key, RecordResult.ok(key));
            } else {
                byte[] json = identifyJson(record, id, batch.mode());
                if (json.length > MAX_ENTRY_BYTES) {
                    results.put(key, RecordResult.permanent(key, "the person's identify operation is " + json.length
                            + " bytes of JSON; Customer.io takes at most " + MAX_ENTRY_BYTES + " per operation"));
                } else {
                    identifies.add(new Identify(record, id, json));
                    results.put(key, RecordResult.ok(key));
                }
            }
        }
        sendIdentifies(identifies, results);
        if (segmentId != null) {
            List<String> joined = identifies.stream()
                    .filter(i -> results.get(i.record().key()).outcome() == RecordResult.Outcome.OK)
                    .map(Identify::identifier).toList();
            if (!joined.isEmpty()) {
                answer(api.addToSegment(segmentId, identifier, ids(joined)));
            }
            if (!segmentRemovals.isEmpty()) {
                answer(api.removeFromSegment(segmentId, identifier, ids(segmentRemovals)));
            }
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    /**
     * {@code {"type":"person","identifiers":{<kind>:<value>},"action":"identify","attributes":{...}}}. A member
     * carries its mapped fields (plus the membership attribute, true); a leaver only the attribute, false.
     * {@code _update} (update only existing people) is set in update mode and for leavers, so a removal
     * never creates a person Customer.io no longer has.
     */
    private byte[] identifyJson(SyncRecord record, String id, SyncMode mode) {
        ObjectNode operation = VendorHttp.JSON.createObjectNode();
        operation.put("type", "person");
        operation.putObject("identifiers").put(identifier, id);
        operation.put("action", "identify");
        ObjectNode attributes = operation.putObject("attributes");
        boolean leaving = record.operation() == Operation.REMOVE;
        if (!leaving) {
            record.fields().forEach((name, value) -> {
                if (!name.equals(identifier)) {
                    attributes.set(name, VendorHttp.JSON.valueToTree(value));
                }
            });
        }
        if (membershipAttribute != null) {
            attributes.put(membershipAttribute, !leaving);
        }
        if (leaving || mode == SyncMode.UPDATE) {
            attributes.put("_update", true);
        }
        try {
            return VendorHttp.JSON.writeValueAsBytes(operation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the identify operation of " + record.key(), e);
        }
    }

    /** Sends the operations in as few {@code /batch} requests as "smaller than 500 kB" allows. */
    private void sendIdentifies(List<Identify> identifies, Map<String, RecordResult> results) {
        List<Identify> request = new ArrayList<>();
        int bytes = BATCH_OPEN.length + BATCH_CLOSE.length;
        for (Identify identify : identifies) {
            int added = identify.json().length + (request.isEmpty() ? 0 : 1);
            if (!request.isEmpty() && bytes + added >= MAX_REQUEST_BYTES) {
                postBatch(request, results);
                request = new ArrayList<>();
                bytes = BATCH_OPEN.length + BATCH_CLOSE.length;
                added = identify.json().length;
            }
            request.add(identify);
            bytes += added;
        }
        if (!request.isEmpty()) {
            postBatch(request, results);
        }
    }

    /**
     * One {@code /batch} request. A 207 names each invalid operation by its index in this request; one
     * without a usable index cannot be placed, so every row of the request is left to retry (identify is
     * idempotent, so resending the accepted ones is harmless).
     */
    private void postBatch(List<Identify> request, Map<String, RecordResult> results) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(BATCH_OPEN);
        for (int i = 0; i < request.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(request.get(i).json());
        }
        body.writeBytes(BATCH_CLOSE);
        Response<ResponseBody> response = VendorHttp.execute(VENDOR, api.batch(RequestBody.create(body.toByteArray(), JSON_TYPE)));
        if (!response.isSuccessful()) {
            throw VendorHttp.failure(VENDOR, response);
        }
        JsonNode answer = readBody(response);
        for (JsonNode error : answer.path("errors")) {
            JsonNode index = error.get("batch_index");
            String message = "Customer.io rejected it: " + describe(error);
            if (index == null || !index.canConvertToInt() || index.asInt() < 0 || index.asInt() >= request.size()) {
                for (Identify identify : request) {
                    String key = identify.record().key();
                    if (results.get(key).outcome() == RecordResult.Outcome.OK) {
                        results.put(key, RecordResult.retryable(key, "Customer.io reported an error it did not place in the "
                                + "batch (" + describe(error) + "); the record is sent again"));
                    }
                }
            } else {
                String key = request.get(index.asInt()).record().key();
                results.put(key, RecordResult.permanent(key, message));
            }
        }
    }

    /** {@code reason (field): message}, from whichever of the three Customer.io filled in. */
    private static String describe(JsonNode error) {
        String reason = VendorHttp.text(error, "reason");
        String field = VendorHttp.text(error, "field");
        String message = VendorHttp.text(error, "message");
        StringBuilder text = new StringBuilder(reason == null ? "invalid" : reason);
        if (field != null) {
            text.append(" (").append(field).append(")");
        }
        if (message != null) {
            text.append(": ").append(message);
        }
        return text.toString();
    }

    private static ObjectNode ids(List<String> values) {
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        ArrayNode ids = body.putArray("ids");
        values.forEach(ids::add);
        return body;
    }

    /** Runs a manual-segment call; its answer carries nothing per person (200 with an empty object). */
    private static void answer(Call<ResponseBody> call) {
        Response<ResponseBody> response = VendorHttp.execute(VENDOR, call);
        if (!response.isSuccessful()) {
            throw VendorHttp.failure(VENDOR, response);
        }
        response.body().close();
    }

    /**
     * The errors of a 207 as JSON; any other success ("an empty object response") has nothing to read.
     * A 207 whose body cannot be read gives no row its due, so the whole request is tried again.
     */
    private static JsonNode readBody(Response<ResponseBody> response) {
        try (ResponseBody body = response.body()) {
            if (response.code() != 207 || body == null) {
                return VendorHttp.JSON.createObjectNode();
            }
            return VendorHttp.JSON.readTree(body.string());
        } catch (IOException e) {
            throw new DestinationException(VENDOR + " answered HTTP 207 with a body that is not JSON: " + e.getMessage(),
                    true, null, e);
        }
    }

    /**
     * The identifier as sent: trimmed; an email also lower-cased and checked for the shape of an address
     * (null when it has none), by the shared identifier library's plain rule (Meta's: no provider-specific
     * rewriting, the address Customer.io mails stays the address).
     */
    private String normalizedIdentifier(String raw) {
        String trimmed = raw.trim();
        if (!identifier.equals("email")) {
            return trimmed;
        }
        return IdentifierRules.META.normalize(IdentifierKind.EMAIL, trimmed, null) instanceof Normalized.Valid valid
                ? valid.value() : null;
    }

    @Override
    public ConnectionCheck test() {
        try {
            JsonNode region = VendorHttp.body(VENDOR, api.region());
            String actual = VendorHttp.text(region, "region");
            if (actual != null && !actual.equalsIgnoreCase(expectedRegion)) {
                return ConnectionCheck.failed("the credentials belong to a workspace in Customer.io's " + actual
                        + " region; set the connection's region to " + actual.toLowerCase(Locale.ROOT));
            }
            return ConnectionCheck.ok("Customer.io accepted the Track API credentials (workspace "
                    + VendorHttp.text(region, "environment_id") + ", region " + actual + ")");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
