package dev.weft.destinations.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A HubSpot portal as its CRM v3 documentation describes it: bearer private-app token, batch endpoints
 * that take at most 100 inputs and answer 200, or 207 with an {@code errors} array whose {@code context}
 * names the failing ids; 429 with HubSpot's rate-limit body when the burst limit is hit.
 */
final class FakeHubSpot extends Dispatcher {

    static final String TOKEN = "pat-na1-good";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** objectType -> id property value -> stored properties. */
    final Map<String, Map<String, Map<String, String>>> objects = new ConcurrentHashMap<>();
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    private final Map<String, Boolean> rejectRetryable = new ConcurrentHashMap<>();
    private final Map<String, String> rejectMessage = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    void rateLimitNext(Duration retryAfter) {
        failNext(new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfter.toSeconds())
                .setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
    }

    void reject(String id, boolean retryable, String message) {
        rejectRetryable.put(id, retryable);
        rejectMessage.put(id, message);
    }

    Map<String, Map<String, String>> contacts() {
        return objects.computeIfAbsent("contacts", k -> new ConcurrentHashMap<>());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
        }
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return json(401, "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                    + "\"category\":\"INVALID_AUTHENTICATION\"}");
        }
        String path = request.getRequestUrl().encodedPath();
        String[] parts = path.split("/");
        // /crm/v3/lists/{listId}/memberships/add-and-remove
        if (path.startsWith("/crm/v3/lists/") && path.endsWith("/memberships/add-and-remove") && request.getMethod().equals("PUT")) {
            try {
                return memberships(parts[4], JSON.readTree(request.getBody().clone().readUtf8()));
            } catch (Exception e) {
                return json(400, "{\"status\":\"error\",\"message\":\"Invalid input JSON\",\"category\":\"VALIDATION_ERROR\"}");
            }
        }
        // /crm/v3/objects/{objectType}[/batch/{action}]
        if (parts.length < 5 || !path.startsWith("/crm/v3/objects/")) {
            return json(404, "{\"status\":\"error\",\"message\":\"not found\"}");
        }
        String objectType = parts[4];
        if (request.getMethod().equals("GET") && parts.length == 5) {
            return json(200, "{\"results\":[]}");
        }
        if (request.getMethod().equals("POST") && parts.length == 7 && parts[5].equals("batch")) {
            try {
                return batch(objectType, parts[6], JSON.readTree(request.getBody().clone().readUtf8()));
            } catch (Exception e) {
                return json(400, "{\"status\":\"error\",\"message\":\"Invalid input JSON\",\"category\":\"VALIDATION_ERROR\"}");
            }
        }
        return json(404, "{\"status\":\"error\",\"message\":\"not found\"}");
    }

    /** listId -> HubSpot record ids on the list. */
    final Map<String, java.util.Set<String>> lists = new ConcurrentHashMap<>();

    java.util.Set<String> list(String listId) {
        return lists.computeIfAbsent(listId, k -> ConcurrentHashMap.newKeySet());
    }

    private MockResponse memberships(String listId, JsonNode body) {
        java.util.Set<String> known = new java.util.HashSet<>();
        objects.values().forEach(store -> store.values().forEach(p -> known.add(p.get("hs_object_id"))));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode added = answer.putArray("recordIdsAdded");
        ArrayNode removed = answer.putArray("recordIdsRemoved");
        ArrayNode missing = answer.putArray("recordIdsMissing");
        for (JsonNode id : body.path("recordIdsToAdd")) {
            if (!known.contains(id.asText())) {
                missing.add(id.asText());
            } else if (list(listId).add(id.asText())) {
                added.add(id.asText());
            }
        }
        for (JsonNode id : body.path("recordIdsToRemove")) {
            if (!known.contains(id.asText())) {
                missing.add(id.asText());
            } else if (list(listId).remove(id.asText())) {
                removed.add(id.asText());
            }
        }
        return json(200, answer.toString());
    }

    private MockResponse batch(String objectType, String action, JsonNode body) {
        if (action.equals("read")) {
            return read(objectType, body);
        }
        JsonNode inputs = body.path("inputs");
        if (inputs.size() > 100) {
            return json(400, "{\"status\":\"error\",\"message\":\"Batch size too large: limit is 100\","
                    + "\"category\":\"VALIDATION_ERROR\"}");
        }
        Map<String, Map<String, String>> store = objects.computeIfAbsent(objectType, k -> new ConcurrentHashMap<>());
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        ArrayNode errors = JSON.createArrayNode();
        for (JsonNode input : inputs) {
            String idProperty = input.path("idProperty").asText();
            String id = input.path("id").asText();
            if (rejectMessage.containsKey(id)) {
                boolean retryable = rejectRetryable.remove(id);
                ObjectNode error = errors.addObject();
                error.put("status", "error");
                error.put("category", retryable ? "RATE_LIMITS" : "VALIDATION_ERROR");
                error.put("message", rejectMessage.remove(id));
                error.putObject("context").putArray("ids").add(id);
                continue;
            }
            if (action.equals("update") && !store.containsKey(id)) {
                ObjectNode error = errors.addObject();
                error.put("status", "error");
                error.put("category", "OBJECT_NOT_FOUND");
                error.put("message", "Could not get some " + objectType + " objects, they may be deleted or not exist.");
                error.putObject("context").putArray("ids").add(id);
                continue;
            }
            Map<String, String> stored = store.computeIfAbsent(id, k -> new LinkedHashMap<>());
            input.path("properties").fields().forEachRemaining(e -> stored.put(e.getKey(), e.getValue().asText()));
            stored.put(idProperty, id);
            stored.putIfAbsent("hs_object_id", String.valueOf(ids.incrementAndGet()));
            ObjectNode result = results.addObject();
            result.put("id", stored.get("hs_object_id"));
            ObjectNode props = result.putObject("properties");
            stored.forEach(props::put);
        }
        if (errors.isEmpty()) {
            return json(200, answer.toString());
        }
        answer.set("errors", errors);
        answer.put("numErrors", errors.size());
        return json(207, answer.toString());
    }

    private MockResponse read(String objectType, JsonNode body) {
        String idProperty = body.path("idProperty").asText();
        Map<String, Map<String, String>> store = objects.computeIfAbsent(objectType, k -> new ConcurrentHashMap<>());
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        ArrayNode errors = JSON.createArrayNode();
        for (JsonNode input : body.path("inputs")) {
            String id = input.path("id").asText();
            Map<String, String> stored = store.get(id);
            if (stored == null) {
                ObjectNode error = errors.addObject();
                error.put("status", "error");
                error.put("category", "OBJECT_NOT_FOUND");
                error.put("message", "Could not get some " + objectType + " objects, they may be deleted or not exist.");
                error.putObject("context").putArray("ids").add(id);
                continue;
            }
            ObjectNode result = results.addObject();
            result.put("id", stored.get("hs_object_id"));
            result.putObject("properties").put(idProperty, id).put("hs_object_id", stored.get("hs_object_id"));
        }
        if (errors.isEmpty()) {
            return json(200, answer.toString());
        }
        answer.set("errors", errors);
        answer.put("numErrors", errors.size());
        return json(207, answer.toString());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
