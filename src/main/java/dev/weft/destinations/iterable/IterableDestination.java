package dev.weft.destinations.iterable;

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
import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Iterable users, keyed by {@code email} or {@code userId}. Without a list, records are upserted with
 * {@code users/bulkUpdate}; with a static list they are an audience: added and changed members are
 * subscribed ({@code lists/subscribe}, carrying their data fields), removed ones unsubscribed.
 * Failed identifiers come back grouped by reason and are mapped to rows by their (normalized) value.
 */
final class IterableDestination implements Destination {

    static final String VENDOR = "Iterable";
    /**
     * Iterable limits bulk calls by payload size rather than a documented count; 1,000 users per call is
     * the size its integration partners use and stays well inside the payload limit.
     */
    static final int MAX_BATCH = 1_000;

    private final String identifier;
    private final Long listId;
    private final Capabilities capabilities;
    private final IterableApi api;

    IterableDestination(String baseUrl, String apiKey, String identifier, Long listId, Capabilities capabilities) {
        this.identifier = identifier;
        this.listId = listId;
        this.capabilities = capabilities;
        this.api = VendorHttp.api(IterableApi.class, baseUrl, "Api-Key", apiKey);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_BATCH, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<SyncRecord> upserts = new ArrayList<>();
        List<SyncRecord> removals = new ArrayList<>();
        for (SyncRecord r : batch.records()) {
            Object id = r.fields().get(identifier);
            if (id == null || id.toString().isBlank()) {
                results.put(r.key(), RecordResult.permanent(r.key(), "missing the identifier '" + identifier + "'"));
            } else if (r.operation() == Operation.REMOVE && listId == null) {
                results.put(r.key(), RecordResult.permanent(r.key(),
                        "Iterable user syncs never delete users; configure list-id to sync an audience"));
            } else {
                results.put(r.key(), RecordResult.ok(r.key()));
                (r.operation() == Operation.REMOVE ? removals : upserts).add(r);
            }
        }
        if (!upserts.isEmpty()) {
            ObjectNode body = VendorHttp.JSON.createObjectNode();
            ArrayNode users;
            JsonNode answer;
            if (listId == null) {
                users = body.putArray("users");
                upserts.forEach(r -> users.add(user(r, true)));
                answer = VendorHttp.body(VENDOR, api.bulkUpdateUsers(body));
            } else {
                body.put("listId", listId);
                users = body.putArray("subscribers");
                upserts.forEach(r -> users.add(user(r, true)));
                body.put("updateExistingUsersOnly", false);
                answer = VendorHttp.body(VENDOR, api.subscribe(body));
            }
            mapFailures(answer, upserts, results, Set.of());
        }
        if (!removals.isEmpty()) {
            ObjectNode body = VendorHttp.JSON.createObjectNode();
            body.put("listId", listId);
            ArrayNode subscribers = body.putArray("subscribers");
            removals.forEach(r -> subscribers.add(user(r, false)));
            // Leaving the list must not unsubscribe the person from the whole channel.
            body.put("channelUnsubscribe", false);
            // Someone Iterable does not know is not on the list either: the removal reached its goal.
            mapFailures(VendorHttp.body(VENDOR, api.unsubscribe(body)), removals, results,
                    Set.of("notFoundEmails", "notFoundUserIds"));
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    private ObjectNode user(SyncRecord r, boolean withData) {
        ObjectNode user = VendorHttp.JSON.createObjectNode();
        user.put(identifier, normalize(r.fields().get(identifier).toString()));
        if (identifier.equals("userId")) {
            user.put("preferUserId", true);
            Object email = r.fields().get("email");
            if (email != null && !email.toString().isBlank()) {
                // In a userId project the email is still a top-level user field, not a data field.
                user.put("email", email.toString().trim().toLowerCase(Locale.ROOT));
            }
        }
        if (withData) {
            ObjectNode data = user.putObject("dataFields");
            r.fields().forEach((name, value) -> {
                if (!name.equals(identifier) && !user.has(name)) {
                    data.set(name, VendorHttp.JSON.valueToTree(value));
                }
            });
        }
        return user;
    }

    /**
     * Marks the rows whose identifier Iterable lists as failed: {@code invalidEmails}/{@code invalidUserIds}
     * at the top level and every list under {@code failedUpdates} (conflict, forgotten, invalid data,
     * not found, ...), named in the message.
     */
    private void mapFailures(JsonNode answer, List<SyncRecord> sent, Map<String, RecordResult> results, Set<String> harmless) {
        if (answer == null) {
            return;
        }
        Map<String, List<String>> keysById = new LinkedHashMap<>();
        sent.forEach(r -> keysById.computeIfAbsent(normalize(r.fields().get(identifier).toString()), k -> new ArrayList<>()).add(r.key()));
        Map<String, JsonNode> reasons = new LinkedHashMap<>();
        reasons.put("invalidEmails", answer.get("invalidEmails"));
        reasons.put("invalidUserIds", answer.get("invalidUserIds"));
        JsonNode failedUpdates = answer.path("failedUpdates");
        for (Iterator<Map.Entry<String, JsonNode>> it = failedUpdates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            reasons.putIfAbsent(e.getKey(), e.getValue());
        }
        reasons.forEach((reason, values) -> {
            if (values == null || !values.isArray() || harmless.contains(reason)) {
                return;
            }
            for (JsonNode v : values) {
                for (String key : keysById.getOrDefault(normalize(v.asText()), List.of())) {
                    results.put(key, RecordResult.permanent(key, "Iterable rejected it (" + reason + ")"));
                }
            }
        });
    }

    /** Iterable matches emails case-insensitively; sending and matching use one form. */
    private String normalize(String id) {
        String trimmed = id.trim();
        return identifier.equals("email") ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

    @Override
    public ConnectionCheck test() {
        try {
            VendorHttp.body(VENDOR, api.lists());
            return ConnectionCheck.ok("Iterable accepted the API key");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
