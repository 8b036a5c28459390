package dev.weft.destinations.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A webhook receiver for MockWebServer that behaves as README's receiver should: it verifies the
 * HMAC signature independently of Weft's code (401 when wrong), applies add/change/remove by key,
 * and can misbehave on purpose: queued faults (429 with Retry-After, 500, a timeout, per-record
 * rejections) and a rule that rejects some keys on every call.
 */
public final class FakeWebhookReceiver extends Dispatcher {

    private final ObjectMapper json = new ObjectMapper();
    private final String secret;
    private final Map<String, Map<String, Object>> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<BiFunction<JsonNode, String, MockResponse>> faults = new ConcurrentLinkedDeque<>();
    private final Set<String> alwaysRejected = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> rejectOnce = new ConcurrentHashMap<>();
    private volatile String rejectOnceMessage = "";
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger acceptedBatches = new AtomicInteger();
    private final ConcurrentLinkedDeque<Accepted> accepted = new ConcurrentLinkedDeque<>();
    private final Map<String, Duration> slowOperations = new ConcurrentHashMap<>();
    private volatile int unansweredBatch;
    private volatile boolean losingAnswers;

    /**
     * One accepted record: the batch's run, the record's key, operation and fields as sent, its
     * idempotency key and the batch's ({@code Idempotency-Key}).
     */
    public record Accepted(String runId, String key, String operation, Map<String, Object> fields, String idempotencyKey,
                           String batchKey) {
    }

    public FakeWebhookReceiver(String secret) {
        this.secret = secret;
    }

    public Map<String, Map<String, Object>> held() {
        return Map.copyOf(held);
    }

    /** How many times a key was accepted (add or change), to catch duplicates. */
    public int deliveries(String key) {
        AtomicInteger n = deliveries.get(key);
        return n == null ? 0 : n.get();
    }

    /** Every accepted record, in the order the receiver applied them. */
    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    public int requests() {
        return requests.get();
    }

    public int acceptedBatches() {
        return acceptedBatches.get();
    }

    public void failNextWith429(long retryAfterSeconds) {
        faults.add((body, batchKey) -> new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfterSeconds)
                .setBody("{\"error\":\"slow down\"}"));
    }

    public void failNextWith500() {
        faults.add((body, batchKey) -> new MockResponse().setResponseCode(500).setBody("{\"error\":\"boom\"}"));
    }

    /** The next call gets no answer at all (the client times out). */
    public void failNextWithTimeout() {
        faults.add((body, batchKey) -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }

    /** While on, every call is applied but its answer is lost (a 500 comes back instead): the sender cannot know. */
    public void loseAnswers(boolean on) {
        losingAnswers = on;
    }

    /**
     * The {@code n}th batch this receiver applies (counting from 1) gets no answer at all: applied, and
     * the sender waits until its timeout (or dies) without knowing.
     */
    public void neverAnswerBatch(int n) {
        unansweredBatch = n;
    }

    /** The next batch: the given keys are rejected (retryable or not) with the message, the rest accepted. */
    public void rejectInNextBatch(Map<String, Boolean> retryableByKey, String message) {
        faults.add((body, batchKey) -> accept(body, batchKey, key -> retryableByKey.containsKey(key)
                ? new Rejection(retryableByKey.get(key) ? "retry" : "rejected", message) : null));
    }

    /** Rejects each key (retryable or not) the first time it arrives, whichever batch carries it. */
    public void rejectOnce(Map<String, Boolean> retryableByKey, String message) {
        rejectOnceMessage = message;
        rejectOnce.putAll(retryableByKey);
    }

    /** Rejects these keys permanently in every batch until cleared. */
    public void alwaysReject(Set<String> keys) {
        alwaysRejected.addAll(keys);
    }

    /** Batches holding records of {@code operation} wait this long before they are applied (a slow vendor). */
    public void slowDown(String operation, Duration delay) {
        slowOperations.put(operation, delay);
    }

    public void stopRejecting() {
        alwaysRejected.clear();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        byte[] body = request.getBody().readByteArray();
        String ts = request.getHeader("X-Weft-Timestamp");
        String sig = request.getHeader("X-Weft-Signature");
        if (ts == null || sig == null || !sig.equals("v1=" + hmac(ts + "." + new String(body, StandardCharsets.UTF_8)))) {
            return new MockResponse().setResponseCode(401).setBody("{\"error\":\"bad signature\"}");
        }
        if (request.getHeader("Idempotency-Key") == null) {
            return new MockResponse().setResponseCode(400).setBody("{\"error\":\"Idempotency-Key missing\"}");
        }
        try {
            JsonNode payload = json.readTree(body);
            if (payload.path("test").asBoolean(false)) {
                return new MockResponse().setResponseCode(200).setBody("{\"ok\":true}");
            }
            for (JsonNode r : payload.path("records")) {
                Duration delay = slowOperations.get(r.path("operation").asText());
                if (delay != null) {
                    Thread.sleep(delay.toMillis());
                    break;
                }
            }
            String batchKey = request.getHeader("Idempotency-Key");
            if (losingAnswers) {
                accept(payload, batchKey, key -> null);
                return new MockResponse().setResponseCode(500).setBody("{\"error\":\"applied, then the answer was lost\"}");
            }
            BiFunction<JsonNode, String, MockResponse> fault = faults.poll();
            if (fault != null) {
                return fault.apply(payload, batchKey);
            }
            return accept(payload, batchKey, key -> {
                Boolean once = rejectOnce.remove(key);
                if (once != null) {
                    return new Rejection(once ? "retry" : "rejected", rejectOnceMessage);
                }
                return alwaysRejected.contains(key) ? new Rejection("rejected", "always rejected") : null;
            });
        } catch (java.io.IOException e) {
            return new MockResponse().setResponseCode(400).setBody("{\"error\":\"not JSON\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MockResponse().setResponseCode(503).setBody("{\"error\":\"interrupted\"}");
        }
    }

    private record Rejection(String status, String message) {
    }

    private synchronized MockResponse accept(JsonNode payload, String batchKey, Function<String, Rejection> rejection) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (JsonNode r : payload.path("records")) {
            String key = r.path("key").asText();
            Rejection rejected = rejection.apply(key);
            if (rejected != null) {
                results.addObject().put("key", key).put("status", rejected.status()).put("message", rejected.message());
                continue;
            }
            accepted.add(new Accepted(payload.path("run_id").asText(), key, r.path("operation").asText(),
                    json.convertValue(r.path("fields"), new TypeReference<LinkedHashMap<String, Object>>() { }),
                    r.path("idempotency_key").asText(null), batchKey));
            if ("remove".equals(r.path("operation").asText())) {
                held.remove(key);
            } else {
                Map<String, Object> fields = new LinkedHashMap<>();
                r.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(),
                        f.getValue().isNull() ? null : f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
                held.put(key, fields);
                deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
        }
        if (acceptedBatches.incrementAndGet() == unansweredBatch) {
            return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(answer.toString());
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
