package dev.weft.destinations.meta;

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
import dev.weft.destinations.identifiers.IdentifierKind;
import dev.weft.destinations.identifiers.IdentifierRules;
import dev.weft.destinations.identifiers.Normalized;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Meta customer-list custom audience mirrored from a Weft audience: added and changed members are
 * POSTed to {@code /{audience_id}/users}, removed ones DELETEd from it, as multi-key rows whose
 * identifiers are normalized and SHA-256 hashed by {@link IdentifierRules#META} (EXTERN_ID in clear).
 * A row with no usable identifier is reported permanent and never sent. Meta answers each call with
 * counts ({@code num_received}, {@code num_invalid_entries}) and a sample of invalid entries
 * ({@code invalid_entry_samples}); a sampled entry that is one of the values a row carried fails that
 * row, and invalid entries Meta does not name can only be logged (Meta does not say which rows they were).
 */
final class MetaDestination implements Destination {

    static final String VENDOR = "Meta";
    private static final Logger LOG = LoggerFactory.getLogger(MetaDestination.class);

    /** "You can add an unlimited number of records to an audience, but only up to 10000 at a time." */
    static final int MAX_ROWS = 10_000;

    /** Meta's match keys (the schema names), in schema order, with the identifier kind each one is. */
    static final Map<String, IdentifierKind> MATCH_KEYS = matchKeys();

    /** Graph API throttling codes: app (4), user (17), ad account (613), business use case (80000-80014). */
    private static final Set<Integer> THROTTLED = Set.of(4, 17, 32, 341, 613);

    private final MetaApi api;
    private final String version;
    private final String audienceId;
    private final Map<String, String> auth;
    private final String defaultCountry;
    private final Capabilities capabilities;

    MetaDestination(MetaApi api, String version, String audienceId, Map<String, String> auth, String defaultCountry,
                    Capabilities capabilities) {
        this.api = api;
        this.version = version;
        this.audienceId = audienceId;
        this.auth = Map.copyOf(auth);
        this.defaultCountry = defaultCountry;
        this.capabilities = capabilities;
    }

    private static Map<String, IdentifierKind> matchKeys() {
        Map<String, IdentifierKind> keys = new LinkedHashMap<>();
        keys.put("EMAIL", IdentifierKind.EMAIL);
        keys.put("PHONE", IdentifierKind.PHONE);
        keys.put("FN", IdentifierKind.FIRST_NAME);
        keys.put("LN", IdentifierKind.LAST_NAME);
        keys.put("CT", IdentifierKind.CITY);
        keys.put("ST", IdentifierKind.STATE);
        keys.put("ZIP", IdentifierKind.POSTAL_CODE);
        keys.put("COUNTRY", IdentifierKind.COUNTRY);
        keys.put("EXTERN_ID", IdentifierKind.EXTERNAL_ID);
        return java.util.Collections.unmodifiableMap(keys);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** A record as Meta receives it: match key to hashed (or, for EXTERN_ID, clear) value. */
    private record Row(String key, Map<String, String> cells) {
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_ROWS, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<Row> additions = new ArrayList<>();
        List<Row> removals = new ArrayList<>();
        for (SyncRecord record : batch.records()) {
            results.put(record.key(), null);
            Row row = row(record, results);
            if (row != null) {
                (record.operation() == Operation.REMOVE ? removals : additions).add(row);
            }
        }
        if (!additions.isEmpty()) {
            upload(additions, fields -> api.addUsers(version, audienceId, fields), results);
        }
        if (!removals.isEmpty()) {
            upload(removals, fields -> api.removeUsers(version, audienceId, fields), results);
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    /** The row to send, or null after recording why the record cannot be sent. */
    private Row row(SyncRecord record, Map<String, RecordResult> results) {
        Map<String, String> cells = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            IdentifierKind kind = MATCH_KEYS.get(field.getKey());
            if (kind == null) {
                results.put(record.key(), RecordResult.permanent(record.key(), "field '" + field.getKey()
                        + "' is not a Meta match key (" + String.join(", ", MATCH_KEYS.keySet()) + ")"));
                return null;
            }
            Normalized normalized = IdentifierRules.META.normalize(kind, field.getValue(), defaultCountry);
            if (normalized instanceof Normalized.Valid valid) {
                cells.put(field.getKey(), IdentifierRules.META.hashed(kind)
                        ? IdentifierRules.sha256Hex(valid.value()) : valid.value());
            } else if (normalized instanceof Normalized.Invalid bad) {
                invalid.add(field.getKey() + ": " + bad.message());
            }
        }
        if (cells.isEmpty()) {
            results.put(record.key(), RecordResult.permanent(record.key(), invalid.isEmpty()
                    ? "no identifier to match on: every match key is empty"
                    : "no valid identifier to match on (" + String.join("; ", invalid) + ")"));
            return null;
        }
        return new Row(record.key(), cells);
    }

    private void upload(List<Row> rows, java.util.function.Function<Map<String, String>, Call<JsonNode>> call,
                        Map<String, RecordResult> results) {
        Set<String> schemaKeys = new LinkedHashSet<>();
        MATCH_KEYS.keySet().forEach(k -> {
            if (rows.stream().anyMatch(r -> r.cells().containsKey(k))) {
                schemaKeys.add(k);
            }
        });
        ObjectNode payload = VendorHttp.JSON.createObjectNode();
        ArrayNode schema = payload.putArray("schema");
        schemaKeys.forEach(schema::add);
        ArrayNode data = payload.putArray("data");
        for (Row row : rows) {
            ArrayNode cells = data.addArray();
            // "In case a key is unknown, it should be left blank."
            schemaKeys.forEach(k -> cells.add(row.cells().getOrDefault(k, "")));
        }
        // Each call is a session of one batch: the executor sends batches concurrently and cannot say which is
        // last, and a retry must not reuse a session Meta already saw finish.
        ObjectNode session = VendorHttp.JSON.createObjectNode();
        session.put("session_id", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        session.put("batch_seq", 1);
        session.put("last_batch_flag", true);
        session.put("estimated_num_total", rows.size());

        Map<String, String> fields = new LinkedHashMap<>(auth);
        fields.put("payload", payload.toString());
        fields.put("session", session.toString());
        Response<JsonNode> response = VendorHttp.execute(VENDOR, call.apply(fields));
        if (!response.isSuccessful()) {
            throw failure(response);
        }
        rows.forEach(r -> results.put(r.key(), RecordResult.ok(r.key())));
        readInvalidEntries(response.body(), rows, results);
    }

    /**
     * Fails the rows Meta names in {@code invalid_entry_samples} (a map whose entries carry the invalid
     * value; either side that equals a value a row sent identifies the row) and logs the invalid entries
     * it counts without naming: Meta gives no way to tell which rows those were.
     */
    private void readInvalidEntries(JsonNode answer, List<Row> rows, Map<String, RecordResult> results) {
        if (answer == null) {
            return;
        }
        int received = answer.path("num_received").asInt(rows.size());
        int invalid = answer.path("num_invalid_entries").asInt(0);
        if (received < rows.size()) {
            LOG.warn("Meta audience {} received {} of {} rows sent", audienceId, received, rows.size());
        }
        if (invalid == 0) {
            return;
        }
        Map<String, List<String>> keysByValue = new HashMap<>();
        rows.forEach(r -> r.cells().values().forEach(v -> keysByValue.computeIfAbsent(v, x -> new ArrayList<>()).add(r.key())));
        Set<String> named = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("invalid_entry_samples").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> sample = it.next();
            String value = sample.getValue().asText("");
            List<String> keys = keysByValue.get(sample.getKey());
            String reason = value;
            if (keys == null) {
                keys = keysByValue.get(value);
                reason = sample.getKey();
            }
            if (keys == null) {
                continue;
            }
            String message = "Meta counted it among the invalid entries" + (reason.isBlank() ? "" : ": " + clip(reason));
            for (String key : keys) {
                results.put(key, RecordResult.permanent(key, message));
                named.add(key);
            }
        }
        if (invalid > named.size()) {
            LOG.warn("Meta counted {} of {} rows sent to audience {} as invalid and named {} of them; the others "
                    + "cannot be told apart and are reported as sent", invalid, rows.size(), audienceId, named.size());
        }
    }

    private static String clip(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /**
     * The exception for a Graph API error, classified by its documented code
     * (developers.facebook.com/docs/graph-api/guides/error-handling, .../marketing-api/overview/rate-limiting):
     * 190/102 an invalid or expired token; 4, 17, 32, 341, 613 and 80000-80014 throttling (retryable after
     * {@code estimated_time_to_regain_access} from {@code X-Business-Use-Case-Usage}); 1, 2 and transient
     * errors retryable; permissions (10, 200-299) and the rest, such as 100 invalid parameter or 2650
     * "Failed to update the custom audience", permanent.
     */
    static DestinationException failure(Response<?> response) {
        String text = VendorHttp.errorText(response);
        JsonNode error;
        try {
            error = VendorHttp.JSON.readTree(text.isEmpty() ? "{}" : text).path("error");
        } catch (IOException notJson) {
            error = VendorHttp.JSON.missingNode();
        }
        int code = error.path("code").asInt(-1);
        int subcode = error.path("error_subcode").asInt(0);
        String said = error.path("message").asText(text);
        String userMessage = error.path("error_user_msg").asText("");
        String detail = "HTTP " + response.code()
                + (code < 0 ? "" : ", error " + code + (subcode == 0 ? "" : "/" + subcode))
                + (said.isEmpty() ? "" : ": " + said) + (userMessage.isEmpty() ? "" : " (" + userMessage + ")");
        String described = "Meta answered " + detail;
        if (code == 190 || code == 102) {
            return DestinationException.accessRefused("Meta refused the access token (" + detail
                    + "); create a new system user token in Business Settings and update the connection");
        }
        if (THROTTLED.contains(code) || (code >= 80000 && code <= 80014) || response.code() == 429) {
            return DestinationException.rateLimited(described, retryAfter(response.headers()));
        }
        if (code == 1 || code == 2 || code == 368 || error.path("is_transient").asBoolean(false) || response.code() >= 500) {
            return new DestinationException(described, true, VendorHttp.retryAfter(response.headers()), null);
        }
        if (code == 10 || (code >= 200 && code <= 299)) {
            return DestinationException.accessRefused(described + "; the token's system user needs the ads_management "
                    + "permission and access to the ad account that owns the audience");
        }
        return DestinationException.permanent(described);
    }

    /**
     * When Meta lets calls through again: {@code Retry-After} if sent, else the longest
     * {@code estimated_time_to_regain_access} (minutes) in {@code X-Business-Use-Case-Usage}
     * ({@code {"<business id>":[{"type":"custom_audience",...,"estimated_time_to_regain_access":N}]}}).
     */
    static Duration retryAfter(Headers headers) {
        Duration header = VendorHttp.retryAfter(headers);
        if (header != null) {
            return header;
        }
        String usage = headers.get("X-Business-Use-Case-Usage");
        if (usage == null || usage.isBlank()) {
            return null;
        }
        try {
            int minutes = 0;
            for (JsonNode perBusiness : VendorHttp.JSON.readTree(usage)) {
                for (JsonNode useCase : perBusiness) {
                    minutes = Math.max(minutes, useCase.path("estimated_time_to_regain_access").asInt(0));
                }
            }
            return minutes > 0 ? Duration.ofMinutes(minutes) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    @Override
    public ConnectionCheck test() {
        Response<JsonNode> response;
        try {
            response = VendorHttp.execute(VENDOR, api.audience(version, audienceId, "id,name,subtype", auth));
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
        if (!response.isSuccessful()) {
            return ConnectionCheck.failed(failure(response).getMessage());
        }
        JsonNode audience = response.body();
        String name = VendorHttp.text(audience, "name");
        String subtype = VendorHttp.text(audience, "subtype");
        if (subtype != null && !subtype.equals("CUSTOM")) {
            return ConnectionCheck.failed("Meta audience " + audienceId + " ('" + name + "') is of subtype " + subtype
                    + "; only customer-list audiences (subtype CUSTOM) accept users");
        }
        return ConnectionCheck.ok("Meta custom audience '" + name + "' (" + audienceId + ") is reachable with the token");
    }
}
