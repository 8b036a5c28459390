package dev.weft.destinations.braze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Braze workspace as its REST documentation describes /users/track: bearer REST API key, at most 75
 * objects per request, 201 with {@code "message": "success"} and non-fatal {@code errors}
 * ({@code type}, {@code input_array}, {@code index}) for objects it rejects, {@code _update_existing_only}
 * honoured, {@code subscription_groups} setting membership, 429 with the X-RateLimit-* headers.
 */
final class FakeBraze extends Dispatcher {

    static final String API_KEY = "braze-rest-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Profiles by the identifier they were written with (external_id, email, or alias_name). */
    final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    /** Subscription group id -> identifiers subscribed. */
    final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    void rateLimitNext(Duration retryAfter) {
        failNext(new MockResponse().setResponseCode(429)
                .setHeader("X-RateLimit-Limit", "3000")
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", String.valueOf(Instant.now().plus(retryAfter).getEpochSecond()))
                .setHeader("X-RateLimit-Retry-After", String.valueOf(retryAfter.toSeconds()))
                .setHeader("Content-Type", "application/json")
                .setBody("{\"message\":\"Rate limit exceeded\"}"));
    }

    void reject(String id, String type) {
        rejections.put(id, type);
    }

    Set<String> members(String group) {
        return groups.computeIfAbsent(group, k -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
        }
        if (!("Bearer " + API_KEY).equals(request.getHeader("Authorization"))) {
            return json(401, "{\"message\":\"Invalid API key: " + request.getHeader("Authorization") + "\"}");
        }
        String path = request.getRequestUrl().encodedPath();
        if (path.equals("/events/list") && request.getMethod().equals("GET")) {
            return json(200, "{\"message\":\"success\",\"events\":[\"signed_up\"]}");
        }
        if (path.equals("/users/track") && request.getMethod().equals("POST")) {
            try {
                return track(JSON.readTree(request.getBody().clone().readUtf8()));
            } catch (Exception e) {
                return json(400, "{\"message\":\"Invalid JSON\"}");
            }
        }
        return json(404, "{\"message\":\"not found\"}");
    }

    private MockResponse track(JsonNode body) {
        JsonNode attributes = body.path("attributes");
        if (attributes.size() + body.path("events").size() + body.path("purchases").size() > 75) {
            return json(400, "{\"message\":\"Too many objects: at most 75 across attributes, events and purchases\"}");
        }
        ArrayNode errors = JSON.createArrayNode();
        int processed = 0;
        for (int i = 0; i < attributes.size(); i++) {
            JsonNode a = attributes.get(i);
            String id = a.hasNonNull("external_id") ? a.get("external_id").asText()
                    : a.hasNonNull("email") ? a.get("email").asText()
                    : a.path("user_alias").hasNonNull("alias_name") ? a.path("user_alias").get("alias_name").asText() : null;
            if (id == null) {
                errors.addObject().put("type", "'external_id', 'braze_id', 'user_alias', 'email' or 'phone' is required")
                        .put("input_array", "attributes").put("index", i);
                continue;
            }
            String rejection = rejections.remove(id);
            if (rejection != null) {
                errors.addObject().put("type", rejection).put("input_array", "attributes").put("index", i);
                continue;
            }
            processed++;
            if (a.path("_update_existing_only").asBoolean(false) && !users.containsKey(id)) {
                continue; // Braze leaves unknown users alone when asked to update existing ones only
            }
            Map<String, Object> profile = users.computeIfAbsent(id, k -> new LinkedHashMap<>());
            a.fields().forEachRemaining(e -> {
                String name = e.getKey();
                if (name.equals("subscription_groups")) {
                    for (JsonNode g : e.getValue()) {
                        Set<String> members = members(g.path("subscription_group_id").asText());
                        if (g.path("subscription_state").asText().equals("subscribed")) {
                            members.add(id);
                        } else {
                            members.remove(id);
                        }
                    }
                } else if (!name.startsWith("_")) {
                    profile.put(name, e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            });
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("message", "success");
        answer.put("attributes_processed", processed);
        if (!errors.isEmpty()) {
            answer.set("errors", errors);
        }
        return json(201, answer.toString());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
