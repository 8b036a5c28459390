package dev.weft.destinations.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * POSTs one batch per request:
 * {@code {"sync_id","run_id","mode","batch_id","records":[{"key","operation","idempotency_key","fields"}]}},
 * signed ({@link WebhookSignature}) and carrying the batch's idempotency key in {@code Idempotency-Key}
 * (the same as {@code batch_id}); each record carries its own. A 2xx (or 422) body may list
 * per-record outcomes {@code {"results":[{"key","status":"rejected"|"retry","message"}]}}; records
 * not listed are accepted. 429/408/5xx and network failures are retryable (with {@code Retry-After}),
 * 401/403 are refused credentials.
 */
final class WebhookDestination implements Destination {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final HttpUrl url;
    private final String secret;
    private final Capabilities capabilities;

    WebhookDestination(OkHttpClient http, ObjectMapper json, HttpUrl url, String secret, int maxBatch, int rps) {
        this.http = http;
        this.json = json;
        this.url = url;
        this.secret = secret;
        this.capabilities = new Capabilities(Set.of(SyncMode.values()), Set.of("key"), maxBatch,
                RateLimit.perSecond(rps), false, false, List.of());
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        ObjectNode body = json.createObjectNode();
        body.put("sync_id", batch.syncId());
        body.put("run_id", batch.runId());
        body.put("mode", batch.mode().name().toLowerCase(Locale.ROOT));
        body.put("batch_id", batch.idempotencyKey());
        ArrayNode records = body.putArray("records");
        for (SyncRecord r : batch.records()) {
            ObjectNode rec = records.addObject();
            rec.put("key", r.key());
            rec.put("operation", r.operation().name().toLowerCase(Locale.ROOT));
            rec.put("idempotency_key", r.idempotencyKey());
            rec.set("fields", json.valueToTree(r.fields()));
        }
        try (Response response = post(body, batch.idempotencyKey())) {
            int code = response.code();
            String text = bodyText(response);
            if (code == 401 || code == 403) {
                throw DestinationException.accessRefused("webhook " + url.redact() + " refused the signature (HTTP " + code + "): " + excerpt(text));
            }
            if (code == 429) {
                throw DestinationException.rateLimited("webhook " + url.redact() + " answered HTTP 429: " + excerpt(text),
                        retryAfter(response.header("Retry-After")));
            }
            if (code == 408 || code >= 500) {
                throw DestinationException.retryable("webhook " + url.redact() + " answered HTTP " + code + ": " + excerpt(text),
                        retryAfter(response.header("Retry-After")));
            }
            if (response.isSuccessful() || code == 422) {
                return perRecord(batch, code, text);
            }
            throw DestinationException.permanent("webhook " + url.redact() + " answered HTTP " + code + ": " + excerpt(text));
        } catch (IOException e) {
            throw new DestinationException("webhook " + url.redact() + ": " + e.getMessage(), true, null, e);
        }
    }

    @Override
    public ConnectionCheck test() {
        ObjectNode body = json.createObjectNode();
        body.put("test", true);
        body.put("batch_id", "test-" + UUID.randomUUID());
        body.putArray("records");
        try (Response response = post(body, body.get("batch_id").asText())) {
            if (response.isSuccessful()) {
                return ConnectionCheck.ok("webhook " + url.redact() + " answered HTTP " + response.code());
            }
            return ConnectionCheck.failed("webhook " + url.redact() + " answered HTTP " + response.code() + ": "
                    + excerpt(bodyText(response)));
        } catch (IOException e) {
            return ConnectionCheck.failed("webhook " + url.redact() + " unreachable: " + e.getMessage());
        }
    }

    private Response post(ObjectNode body, String idempotencyKey) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        long timestamp = Instant.now().getEpochSecond();
        Request request = new Request.Builder().url(url)
                .header("User-Agent", "weft")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, bytes))
                .header(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey)
                .post(RequestBody.create(bytes, JSON))
                .build();
        return http.newCall(request).execute();
    }

    private BatchResult perRecord(Batch batch, int code, String text) {
        Map<String, RecordResult> listed = new HashMap<>();
        JsonNode results = null;
        if (!text.isBlank()) {
            try {
                results = json.readTree(text).path("results");
            } catch (IOException e) {
                if (code == 422) {
                    throw DestinationException.permanent("webhook " + url.redact() + " answered HTTP 422: " + excerpt(text));
                }
            }
        }
        if (results != null && results.isArray()) {
            for (JsonNode r : results) {
                String key = r.path("key").asText(null);
                String status = r.path("status").asText("ok").toLowerCase(Locale.ROOT);
                String message = r.path("message").asText("rejected by the receiver");
                if (key == null) {
                    continue;
                }
                switch (status) {
                    case "rejected", "error", "permanent" -> listed.put(key, RecordResult.permanent(key, message));
                    case "retry", "retryable" -> listed.put(key, RecordResult.retryable(key, message));
                    default -> listed.put(key, RecordResult.ok(key));
                }
            }
        } else if (code == 422) {
            throw DestinationException.permanent("webhook " + url.redact() + " answered HTTP 422: " + excerpt(text));
        }
        List<RecordResult> out = new ArrayList<>(batch.records().size());
        for (SyncRecord r : batch.records()) {
            out.add(listed.getOrDefault(r.key(), RecordResult.ok(r.key())));
        }
        return new BatchResult(out);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110); absent or unreadable is null. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String bodyText(Response response) throws IOException {
        ResponseBody b = response.body();
        return b == null ? "" : b.string();
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + " ..." : flat;
    }
}
