package dev.weft.destinations.customerio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Credentials;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Customer.io workspace behind the Track API, as its OpenAPI document and "Invalid API requests" page
 * describe it: HTTP Basic with site id and API key (401 otherwise); {@code POST /api/v2/batch} of person
 * {@code identify} operations, a request at most 500 kB and each operation at most 32 kB, per-operation
 * validation (one identifier of id/email/cio_id, at most 300 attributes, names up to 150 bytes, values up
 * to 1,000 bytes) answered as 207 with {@code errors[{batch_index, reason, field, message}]};
 * {@code _update} (existing people only); manual segments with {@code add_customers}/{@code remove_customers}
 * (at most 1,000 ids, of the {@code id_type}; ids of unknown people are ignored); and
 * {@code GET /api/v1/accounts/region}. The documents give the error shapes, not the wording, nor a body for
 * 401: those texts are the fake's own.
 */
final class FakeCustomerIo extends Dispatcher {

    static final String SITE_ID = "3f2a9c1e7b";
    static final String API_KEY = "track-api-key";
    static final int MAX_REQUEST_BYTES = 500_000;
    static final int MAX_OPERATION_BYTES = 32_000;
    static final int MAX_ATTRIBUTES = 300;
    static final int MAX_ATTRIBUTE_NAME_BYTES = 150;
    static final int MAX_ATTRIBUTE_VALUE_BYTES = 1_000;
    static final int MAX_SEGMENT_IDS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEGMENT_PATH = Pattern.compile("/api/v1/segments/(\\d+)/(add_customers|remove_customers)");
    private static final List<String> IDENTIFIER_KINDS = List.of("id", "email", "cio_id");

    /** People by cio_id; each person's attributes include its {@code id} and {@code email}. */
    final Map<String, Map<String, Object>> people = new ConcurrentHashMap<>();
    /** Manual segments (they must exist before people are added): segment id to members' cio_ids. */
    final Map<Long, Set<String>> segments = new ConcurrentHashMap<>();
    /** The size in bytes of every /batch request body received. */
    final List<Integer> batchRequestBytes = Collections.synchronizedList(new ArrayList<>());
    volatile String region = "us";

    private final Deque<MockResponse> faults = new ArrayDeque<>();
    /** identifier value -> message of the error its next identify answers. */
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final AtomicLong cioIds = new AtomicLong(3_000_000);

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    void reject(String identifierValue, String message) {
        rejections.put(identifierValue, message);
    }

    Set<String> segment(long id) {
        return segments.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
    }

    /** The person whose identifier of this kind has this value, or null. */
    Map<String, Object> person(String kind, String value) {
        if (kind.equals("cio_id")) {
            return people.get(value);
        }
        return people.values().stream().filter(p -> value.equals(p.get(kind))).findFirst().orElse(null);
    }

    /** Creates a person directly, as if identified earlier; returns its cio_id. */
    String addPerson(Map<String, Object> attributes) {
        String cioId = Long.toHexString(cioIds.incrementAndGet());
        Map<String, Object> person = new ConcurrentHashMap<>(attributes);
        person.put("cio_id", cioId);
        people.put(cioId, person);
        return cioId;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
        }
        if (!Credentials.basic(SITE_ID, API_KEY).equals(request.getHeader("Authorization"))) {
            return json(401, "{\"meta\":{\"error\":\"Unauthorized request\"}}");
        }
        String path = request.getRequestUrl().encodedPath();
        if (request.getMethod().equals("GET") && path.equals("/api/v1/accounts/region")) {
            String url = region.equals("eu") ? "https://track-eu.customer.io" : "https://track.customer.io";
            return json(200, "{\"url\":\"" + url + "\",\"region\":\"" + region + "\",\"environment_id\":3}");
        }
        if (!request.getMethod().equals("POST")) {
            return json(404, "{\"meta\":{\"error\":\"not found\"}}");
        }
        if (path.equals("/api/v2/batch")) {
            return batch(request);
        }
        Matcher segment = SEGMENT_PATH.matcher(path);
        if (segment.matches()) {
            return segmentCall(Long.parseLong(segment.group(1)), segment.group(2).equals("add_customers"),
                    request.getRequestUrl().queryParameter("id_type"), request.getBody().clone().readUtf8());
        }
        return json(404, "{\"meta\":{\"error\":\"not found\"}}");
    }

    private MockResponse batch(RecordedRequest request) {
        long size = request.getBodySize();
        batchRequestBytes.add((int) size);
        if (size >= MAX_REQUEST_BYTES) {
            return wholeRequestError("batch", "your batch request must be smaller than 500kb (got " + size + " bytes)");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().clone().readUtf8());
        } catch (Exception e) {
            return wholeRequestError("body", "invalid JSON");
        }
        if (!body.path("batch").isArray()) {
            return wholeRequestError("batch", "batch must be an array");
        }
        ArrayNode errors = JSON.createArrayNode();
        int index = 0;
        for (JsonNode operation : body.path("batch")) {
            String problem = identify(operation);
            if (problem != null) {
                String[] fieldAndMessage = problem.split("\\|", 2);
                errors.addObject().put("batch_index", index).put("reason", "invalid")
                        .put("field", fieldAndMessage[0]).put("message", fieldAndMessage[1]);
            }
            index++;
        }
        return errors.isEmpty() ? json(200, "{}") : json(207, JSON.createObjectNode().set("errors", errors).toString());
    }

    /** Applies one operation; returns "field|message" when it is invalid (and then changes nothing). */
    private String identify(JsonNode operation) {
        if (operation.toString().getBytes(StandardCharsets.UTF_8).length > MAX_OPERATION_BYTES) {
            return "batch|each request within the batch must be 32kb or smaller";
        }
        if (!"person".equals(operation.path("type").asText()) || !"identify".equals(operation.path("action").asText())) {
            return "action|only person identify operations are supported here";
        }
        JsonNode identifiers = operation.path("identifiers");
        List<String> kinds = IDENTIFIER_KINDS.stream().filter(identifiers::has).toList();
        if (kinds.size() != 1 || identifiers.size() != 1) {
            return "identifiers|pass exactly one of id, email, cio_id";
        }
        String kind = kinds.get(0);
        JsonNode value = identifiers.get(kind);
        if (!value.isTextual() || value.asText().isEmpty()) {
            return "identifiers." + kind + "|" + kind + " must be a non-empty string";
        }
        if (kind.equals("email") && !value.asText().contains("@")) {
            return "identifiers.email|email is not a valid email address";
        }
        String rejection = rejections.remove(value.asText());
        if (rejection != null) {
            return "attributes|" + rejection;
        }
        JsonNode attributes = operation.path("attributes");
        Map<String, JsonNode> updates = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("_update")) {
                updates.put(e.getKey(), e.getValue());
            }
        });
        if (updates.size() > MAX_ATTRIBUTES) {
            return "attributes|cannot identify more than 300 attributes in one request";
        }
        for (Map.Entry<String, JsonNode> e : updates.entrySet()) {
            if (e.getKey().getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_NAME_BYTES) {
                return "attributes|attribute name cannot be longer than 150 bytes";
            }
            if (e.getValue().asText().getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_VALUE_BYTES) {
                return "attributes." + e.getKey() + "|value for attribute '" + e.getKey() + "' cannot be longer than 1000 bytes";
            }
        }
        synchronized (this) {
            Map<String, Object> person = person(kind, value.asText());
            if (person == null) {
                if (attributes.path("_update").asBoolean(false) || kind.equals("cio_id")) {
                    return null; // _update: only existing people; a cio_id never creates anyone
                }
                person = people.get(addPerson(Map.of(kind, value.asText())));
            }
            for (Map.Entry<String, JsonNode> e : updates.entrySet()) {
                if (e.getValue().isNull()) {
                    person.remove(e.getKey());
                } else {
                    person.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            }
        }
        return null;
    }

    private MockResponse segmentCall(long segmentId, boolean add, String idType, String body) {
        if (!segments.containsKey(segmentId)) {
            return json(404, "{\"meta\":{\"error\":\"segment " + segmentId + " not found\"}}");
        }
        String kind = idType == null ? "id" : idType;
        if (!IDENTIFIER_KINDS.contains(kind)) {
            return json(400, "{\"meta\":{\"errors\":[\"id_type must be one of id, email, cio_id\"]}}");
        }
        JsonNode ids;
        try {
            ids = JSON.readTree(body).path("ids");
        } catch (Exception e) {
            return json(400, "{\"meta\":{\"errors\":[\"invalid JSON\"]}}");
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_SEGMENT_IDS) {
            return json(400, "{\"meta\":{\"errors\":[\"ids must hold between 1 and 1000 values\"]}}");
        }
        synchronized (this) {
            for (JsonNode id : ids) {
                Map<String, Object> person = person(kind, id.asText());
                if (person == null) {
                    continue; // unknown (or of another id_type): ignored, as documented
                }
                String cioId = (String) person.get("cio_id");
                if (add) {
                    segment(segmentId).add(cioId);
                } else {
                    segment(segmentId).remove(cioId);
                }
            }
        }
        return json(200, "{}");
    }

    /** 400: "the entire request was malformed or invalid", with {@code errors[{reason, field, message}]}. */
    private static MockResponse wholeRequestError(String field, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("reason", "invalid").put("field", field).put("message", message);
        return json(400, body.toString());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
