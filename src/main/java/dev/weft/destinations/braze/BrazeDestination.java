package dev.weft.destinations.braze;

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
import okhttp3.Headers;
import retrofit2.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Updates Braze user profiles through {@code /users/track}: one attributes object per record, keyed by
 * {@code external_id}, {@code email} or a {@code user_alias}. With a subscription group, the records
 * are an audience: added and changed members are subscribed to the group, removed ones unsubscribed
 * (the {@code subscription_groups} attribute, so one call carries both profile and membership).
 */
final class BrazeDestination implements Destination {

    static final String VENDOR = "Braze";
    /** At most 75 objects per /users/track request across attributes, events and purchases. */
    static final int MAX_BATCH = 75;

    private final String identifier;
    private final String aliasLabel;
    private final String subscriptionGroupId;
    private final Capabilities capabilities;
    private final BrazeApi api;

    BrazeDestination(String baseUrl, String apiKey, String identifier, String aliasLabel, String subscriptionGroupId,
                     Capabilities capabilities) {
        this.identifier = identifier;
        this.aliasLabel = aliasLabel;
        this.subscriptionGroupId = subscriptionGroupId;
        this.capabilities = capabilities;
        this.api = VendorHttp.api(BrazeApi.class, baseUrl, "Authorization", "Bearer " + apiKey);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_BATCH, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<String> keyAtIndex = new ArrayList<>();
        ArrayNode attributes = VendorHttp.JSON.createArrayNode();
        for (SyncRecord record : batch.records()) {
            Object id = record.fields().get(identifier);
            if (id == null || id.toString().isBlank()) {
                results.put(record.key(), RecordResult.permanent(record.key(), "missing the identifier '" + identifier + "'"));
                continue;
            }
            if (record.operation() == Operation.REMOVE && subscriptionGroupId == null) {
                results.put(record.key(), RecordResult.permanent(record.key(),
                        "Braze user syncs never delete users; configure subscription-group-id to sync an audience"));
                continue;
            }
            attributes.add(attributesObject(record, id.toString(), batch.mode()));
            keyAtIndex.add(record.key());
            results.put(record.key(), RecordResult.ok(record.key()));
        }
        if (attributes.isEmpty()) {
            return new BatchResult(List.copyOf(results.values()));
        }
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        body.set("attributes", attributes);
        Response<JsonNode> response = VendorHttp.execute(VENDOR, api.track(body));
        if (response.code() == 429) {
            throw DestinationException.rateLimited(VENDOR + " answered HTTP 429: " + VendorHttp.errorText(response),
                    retryAfter(response.headers()));
        }
        if (!response.isSuccessful()) {
            throw VendorHttp.failure(VENDOR, response);
        }
        // Non-fatal errors name the object by array and index; the other objects were taken.
        for (JsonNode error : response.body().path("errors")) {
            int index = error.path("index").asInt(-1);
            if ("attributes".equals(VendorHttp.text(error, "input_array")) && index >= 0 && index < keyAtIndex.size()) {
                String key = keyAtIndex.get(index);
                String type = VendorHttp.text(error, "type");
                results.put(key, RecordResult.permanent(key, type == null ? "rejected by Braze" : type));
            }
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    private ObjectNode attributesObject(SyncRecord record, String id, SyncMode mode) {
        ObjectNode object = VendorHttp.JSON.createObjectNode();
        switch (identifier) {
            case "user_alias" -> object.putObject("user_alias").put("alias_name", id.trim()).put("alias_label", aliasLabel);
            case "email" -> object.put("email", id.trim().toLowerCase(Locale.ROOT));
            default -> object.put(identifier, id.trim());
        }
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            if (!field.getKey().equals(identifier)) {
                object.set(field.getKey(), VendorHttp.JSON.valueToTree(field.getValue()));
            }
        }
        // Update mode leaves unknown users alone; otherwise Braze creates them (alias-only users need the flag set false).
        object.put("_update_existing_only", mode == SyncMode.UPDATE);
        if (subscriptionGroupId != null) {
            object.putArray("subscription_groups").addObject()
                    .put("subscription_group_id", subscriptionGroupId)
                    .put("subscription_state", record.operation() == Operation.REMOVE ? "unsubscribed" : "subscribed");
        }
        return object;
    }

    /**
     * Braze's rate-limit headers: {@code X-RateLimit-Retry-After} (seconds) when present, else
     * {@code X-RateLimit-Reset} (epoch seconds of the window's end), else a standard {@code Retry-After}.
     */
    static Duration retryAfter(Headers headers) {
        String seconds = headers.get("X-RateLimit-Retry-After");
        String reset = headers.get("X-RateLimit-Reset");
        try {
            if (seconds != null) {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.trim())));
            }
            if (reset != null) {
                Duration d = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
                return d.isNegative() ? Duration.ZERO : d;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the standard header
        }
        return VendorHttp.retryAfter(headers);
    }

    @Override
    public ConnectionCheck test() {
        try {
            VendorHttp.body(VENDOR, api.listEvents());
            return ConnectionCheck.ok("Braze accepted the REST API key");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
