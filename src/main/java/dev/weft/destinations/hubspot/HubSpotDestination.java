package dev.weft.destinations.hubspot;

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
import retrofit2.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Upserts (or updates) HubSpot CRM records of one object type, matched by a unique property
 * ({@code idProperty}, e.g. {@code email} for contacts). Per-record failures come back in HubSpot's
 * {@code errors} array; each error's {@code context} lists the id values it concerns, which is how
 * they are mapped back to rows. With a list, the records are an audience: members are upserted and
 * added to the list, removed members taken off it (the records themselves stay).
 */
final class HubSpotDestination implements Destination {

    static final String VENDOR = "HubSpot";
    /** HubSpot's batch endpoints take at most 100 inputs per request. */
    static final int MAX_BATCH = 100;
    /** Error categories that say "try again", not "this record is wrong". */
    private static final Set<String> RETRYABLE_CATEGORIES = Set.of("RATE_LIMITS");

    private final String objectType;
    private final String idProperty;
    /** The list whose membership the sync mirrors, or null for a records sync. */
    private final String listId;
    private final Capabilities capabilities;
    private final HubSpotApi api;

    HubSpotDestination(String baseUrl, String accessToken, String objectType, String idProperty, String listId,
                       Capabilities capabilities) {
        this.objectType = objectType;
        this.idProperty = idProperty;
        this.listId = listId;
        this.capabilities = capabilities;
        this.api = VendorHttp.api(HubSpotApi.class, baseUrl, "Authorization", "Bearer " + accessToken);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_BATCH, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        Map<String, List<String>> upsertKeys = new LinkedHashMap<>();
        Map<String, List<String>> removeKeys = new LinkedHashMap<>();
        ArrayNode inputs = VendorHttp.JSON.createArrayNode();
        for (SyncRecord record : batch.records()) {
            Object rawId = record.fields().get(idProperty);
            if (rawId == null || rawId.toString().isBlank()) {
                results.put(record.key(), RecordResult.permanent(record.key(),
                        "missing the identifier property '" + idProperty + "'"));
                continue;
            }
            String id = normalizeId(rawId.toString());
            if (record.operation() == Operation.REMOVE) {
                if (listId == null) {
                    results.put(record.key(), RecordResult.permanent(record.key(), "HubSpot " + objectType
                            + " syncs never delete records; set list-id to sync an audience to a list"));
                } else {
                    removeKeys.computeIfAbsent(id, k -> new ArrayList<>()).add(record.key());
                    results.put(record.key(), RecordResult.ok(record.key()));
                }
                continue;
            }
            upsertKeys.computeIfAbsent(id, k -> new ArrayList<>()).add(record.key());
            ObjectNode input = inputs.addObject();
            input.put("idProperty", idProperty);
            input.put("id", id);
            ObjectNode properties = input.putObject("properties");
            for (Map.Entry<String, Object> field : record.fields().entrySet()) {
                String name = field.getKey();
                // HubSpot property values are strings; an empty string clears a value.
                properties.put(name, name.equals(idProperty) ? id : propertyValue(field.getValue()));
            }
            results.put(record.key(), RecordResult.ok(record.key()));
        }
        Map<String, String> recordIds = new HashMap<>();
        if (!inputs.isEmpty()) {
            ObjectNode body = VendorHttp.JSON.createObjectNode();
            body.set("inputs", inputs);
            JsonNode answer = call(batch.mode() == SyncMode.UPDATE
                    ? api.batchUpdate(objectType, body) : api.batchUpsert(objectType, body));
            mapErrors(answer, upsertKeys, results);
            recordIds.putAll(recordIds(answer));
        }
        if (listId != null) {
            updateList(upsertKeys, removeKeys, recordIds, results);
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    /**
     * List membership takes HubSpot record ids: those of upserted rows come from the upsert's results;
     * those of removed rows from a batch read by the id property (a row HubSpot does not know is on no
     * list, so its removal is done). One add-and-remove call then carries both.
     */
    private void updateList(Map<String, List<String>> upsertKeys, Map<String, List<String>> removeKeys,
                            Map<String, String> recordIds, Map<String, RecordResult> results) {
        Map<String, List<String>> keysByRecord = new HashMap<>();
        ArrayNode toAdd = VendorHttp.JSON.createArrayNode();
        upsertKeys.forEach((id, keys) -> {
            List<String> upserted = keys.stream().filter(k -> results.get(k).outcome() == RecordResult.Outcome.OK).toList();
            if (upserted.isEmpty()) {
                return;
            }
            String recordId = recordIds.get(id);
            if (recordId == null) {
                upserted.forEach(k -> results.put(k, RecordResult.permanent(k, "HubSpot returned no record id for '" + id + "'")));
                return;
            }
            toAdd.add(recordId);
            keysByRecord.computeIfAbsent(recordId, r -> new ArrayList<>()).addAll(upserted);
        });
        ArrayNode toRemove = VendorHttp.JSON.createArrayNode();
        if (!removeKeys.isEmpty()) {
            ObjectNode read = VendorHttp.JSON.createObjectNode();
            read.put("idProperty", idProperty);
            read.putArray("properties").add(idProperty);
            ArrayNode ids = read.putArray("inputs");
            removeKeys.keySet().forEach(id -> ids.addObject().put("id", id));
            recordIds(call(api.batchRead(objectType, read))).forEach((id, recordId) -> {
                if (removeKeys.containsKey(id)) {
                    toRemove.add(recordId);
                    keysByRecord.computeIfAbsent(recordId, r -> new ArrayList<>()).addAll(removeKeys.get(id));
                }
            });
        }
        if (toAdd.isEmpty() && toRemove.isEmpty()) {
            return;
        }
        ObjectNode change = VendorHttp.JSON.createObjectNode();
        change.set("recordIdsToAdd", toAdd);
        change.set("recordIdsToRemove", toRemove);
        JsonNode answer = call(api.updateListMemberships(listId, change));
        for (JsonNode missing : answer == null ? VendorHttp.JSON.createArrayNode() : answer.path("recordIdsMissing")) {
            for (String key : keysByRecord.getOrDefault(missing.asText(), List.of())) {
                results.put(key, RecordResult.permanent(key, "HubSpot list " + listId + ": record " + missing.asText() + " is missing"));
            }
        }
    }

    /** Id property value (normalized) to HubSpot record id, from a batch answer's {@code results}. */
    private Map<String, String> recordIds(JsonNode answer) {
        Map<String, String> ids = new HashMap<>();
        for (JsonNode r : answer == null ? VendorHttp.JSON.createArrayNode() : answer.path("results")) {
            String value = VendorHttp.text(r.path("properties"), idProperty);
            String recordId = VendorHttp.text(r, "id");
            if (value != null && recordId != null) {
                ids.put(normalizeId(value), recordId);
            }
        }
        return ids;
    }

    /** One call; a 429 waits for HubSpot's Retry-After or the window its policy names. */
    private static JsonNode call(retrofit2.Call<JsonNode> call) {
        Response<JsonNode> response = VendorHttp.execute(VENDOR, call);
        if (response.code() == 429) {
            String detail = VendorHttp.errorText(response);
            Duration wait = VendorHttp.retryAfter(response.headers());
            throw DestinationException.rateLimited(VENDOR + " answered HTTP 429: " + detail,
                    wait != null ? wait : policyWindow(detail));
        }
        if (!response.isSuccessful()) {
            throw VendorHttp.failure(VENDOR, response);
        }
        return response.body();
    }

    /**
     * Marks the rows each error names (through the id values in its {@code context}). An error that names
     * no id we sent is charged to every row HubSpot did not return in {@code results}, so that no row is
     * marked synced without HubSpot having confirmed it.
     */
    private void mapErrors(JsonNode body, Map<String, List<String>> keysById, Map<String, RecordResult> results) {
        JsonNode errors = body == null ? null : body.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return;
        }
        Set<String> confirmed = new HashSet<>();
        for (JsonNode r : body.path("results")) {
            String id = VendorHttp.text(r.path("properties"), idProperty);
            if (id != null) {
                confirmed.add(normalizeId(id));
            }
        }
        for (JsonNode error : errors) {
            String category = VendorHttp.text(error, "category");
            String message = describe(error, category);
            boolean retryable = category != null && RETRYABLE_CATEGORIES.contains(category);
            List<String> named = new ArrayList<>();
            error.path("context").forEach(values -> values.forEach(v -> {
                String id = normalizeId(v.asText());
                if (keysById.containsKey(id)) {
                    named.add(id);
                }
            }));
            if (named.isEmpty()) {
                keysById.keySet().stream().filter(id -> !confirmed.contains(id)).forEach(named::add);
            }
            for (String id : named) {
                for (String key : keysById.get(id)) {
                    results.put(key, retryable ? RecordResult.retryable(key, message) : RecordResult.permanent(key, message));
                }
            }
        }
    }

    /**
     * Without a Retry-After, the limit HubSpot names in {@code policyName} says how long to wait: the
     * burst window ({@code TEN_SECONDLY_ROLLING}) or a second ({@code SECONDLY}); for the daily limit the
     * executor's backoff decides.
     */
    static Duration policyWindow(String body) {
        if (body.contains("TEN_SECONDLY_ROLLING")) {
            return Duration.ofSeconds(10);
        }
        if (body.contains("SECONDLY")) {
            return Duration.ofSeconds(1);
        }
        return null;
    }

    private static String describe(JsonNode error, String category) {
        String message = VendorHttp.text(error, "message");
        return (category == null ? "" : category + ": ") + (message == null ? "rejected by HubSpot" : message);
    }

    /** HubSpot stores emails lower-cased; matching its answers needs the same form. */
    private String normalizeId(String raw) {
        String id = raw.trim();
        return idProperty.equals("email") ? id.toLowerCase(Locale.ROOT) : id;
    }

    private static String propertyValue(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof String s ? s : VendorHttp.JSON.convertValue(value, JsonNode.class).asText();
    }

    @Override
    public ConnectionCheck test() {
        try {
            VendorHttp.body(VENDOR, api.list(objectType, 1));
            return ConnectionCheck.ok("HubSpot accepted the token and can read " + objectType);
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
