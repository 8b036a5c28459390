package dev.weft.destinations.iterable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Iterable project (email-keyed) as its API documentation describes it: {@code Api-Key} header,
 * users/bulkUpdate merging data fields, static-list subscribe/unsubscribe, and answers with
 * {@code successCount}, {@code failCount}, {@code invalidEmails} and {@code failedUpdates} lists;
 * errors as {@code {"msg","code","params"}}.
 */
final class FakeIterable extends Dispatcher {

    static final String API_KEY = "iterable-server-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Users by email: "email" plus their data fields. */
    final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> lists = new ConcurrentHashMap<>();
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    /** email -> failedUpdates reason it fails with next time. */
    private final Map<String, String> rejections = new ConcurrentHashMap<>();

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    void reject(String email, String reason) {
        rejections.put(email, reason);
    }

    Set<String> members(long listId) {
        return lists.computeIfAbsent(listId, k -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
        }
        if (!API_KEY.equals(request.getHeader("Api-Key"))) {
            return json(401, "{\"msg\":\"Invalid API key\",\"code\":\"BadApiKey\",\"params\":null}");
        }
        String path = request.getRequestUrl().encodedPath();
        try {
            if (path.equals("/api/lists") && request.getMethod().equals("GET")) {
                return json(200, "{\"lists\":[{\"id\":42,\"name\":\"Weft audience\",\"listType\":\"Standard\"}]}");
            }
            if (!request.getMethod().equals("POST")) {
                return json(404, "{\"msg\":\"not found\",\"code\":\"NotFound\",\"params\":null}");
            }
            JsonNode body = JSON.readTree(request.getBody().clone().readUtf8());
            return switch (path) {
                case "/api/users/bulkUpdate" -> apply(body.path("users"), null, true);
                case "/api/lists/subscribe" -> apply(body.path("subscribers"), body.path("listId").asLong(), true);
                case "/api/lists/unsubscribe" -> apply(body.path("subscribers"), body.path("listId").asLong(), false);
                default -> json(404, "{\"msg\":\"not found\",\"code\":\"NotFound\",\"params\":null}");
            };
        } catch (Exception e) {
            return json(400, "{\"msg\":\"Invalid JSON body\",\"code\":\"InvalidJsonBody\",\"params\":null}");
        }
    }

    private MockResponse apply(JsonNode people, Long listId, boolean add) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode invalidEmails = JSON.createArrayNode();
        ObjectNode failedUpdates = JSON.createObjectNode();
        int success = 0;
        int fail = 0;
        for (JsonNode person : people) {
            String email = person.path("email").asText("");
            if (!email.contains("@")) {
                invalidEmails.add(email);
                fail++;
                continue;
            }
            String reason = rejections.remove(email);
            if (reason != null) {
                (failedUpdates.has(reason) ? (ArrayNode) failedUpdates.get(reason) : failedUpdates.putArray(reason)).add(email);
                fail++;
                continue;
            }
            if (!add) {
                if (!members(listId).remove(email)) {
                    (failedUpdates.has("notFoundEmails") ? (ArrayNode) failedUpdates.get("notFoundEmails")
                            : failedUpdates.putArray("notFoundEmails")).add(email);
                    fail++;
                    continue;
                }
                success++;
                continue;
            }
            Map<String, Object> user = users.computeIfAbsent(email, k -> new LinkedHashMap<>());
            user.put("email", email);
            person.path("dataFields").fields().forEachRemaining(e -> user.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            if (listId != null) {
                members(listId).add(email);
            }
            success++;
        }
        answer.put("successCount", success);
        answer.put("failCount", fail);
        answer.set("invalidEmails", invalidEmails);
        answer.putArray("invalidUserIds");
        answer.set("failedUpdates", failedUpdates);
        return json(200, answer.toString());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
