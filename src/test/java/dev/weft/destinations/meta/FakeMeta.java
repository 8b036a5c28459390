package dev.weft.destinations.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's Graph API for customer-list custom audiences, as documented: {@code POST} and {@code DELETE}
 * {@code /{version}/{audience_id}/users} with form fields {@code payload} (multi-key schema and rows),
 * {@code session} and {@code access_token} ({@code appsecret_proof} when the app requires it), at most
 * 10,000 rows per call, answering {@code audience_id, session_id, num_received, num_invalid_entries,
 * invalid_entry_samples}; {@code GET /{version}/{audience_id}} for the audience node; errors as
 * {@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}} with HTTP 400 (HTTP 500 for
 * Meta's temporary codes 1 and 2).
 *
 * <p>Meta documents {@code invalid_entry_samples} only as a map of strings; this fake keys each sample by
 * the invalid value and gives the reason as its value. Where the documentation gives a code but no exact
 * wording (the 10,000-row limit, malformed payloads), the messages are the fake's own.
 *
 * <p>Hash checking: every hashed column must be 64 lower-case hex characters, else the row is an invalid
 * entry. Given {@link #knowPerson known people} (their values normalized by hand in the test, hashed here
 * with {@link MessageDigest}), the fake records which of their keys each uploaded row matched, so a test can
 * tell that Weft normalized and hashed exactly as Meta does.
 */
final class FakeMeta extends Dispatcher {

    static final String ACCESS_TOKEN = "EAAB-system-user-token";
    static final String EXPIRED_TOKEN = "EAAB-expired-token";
    static final int MAX_ROWS = 10_000;
    static final Set<String> KEYS = Set.of("EMAIL", "PHONE", "FN", "LN", "CT", "ST", "ZIP", "COUNTRY", "EXTERN_ID");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USERS = Pattern.compile("/(v\\d+\\.\\d+)/(\\d+)/users");
    private static final Pattern NODE = Pattern.compile("/(v\\d+\\.\\d+)/(\\d+)");
    private static final List<String> STRONG_KEYS = List.of("EMAIL", "PHONE", "EXTERN_ID");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** A custom audience and its members (rows as received, one per person). */
    record Audience(String name, String subtype, List<Map<String, String>> members, Set<String> strongValues) {

        Audience(String name, String subtype) {
            this(name, subtype, java.util.Collections.synchronizedList(new ArrayList<>()), ConcurrentHashMap.newKeySet());
        }

        synchronized void add(Map<String, String> member) {
            if (STRONG_KEYS.stream().anyMatch(k -> member.containsKey(k) && strongValues.contains(k + "=" + member.get(k)))) {
                members.removeIf(m -> samePerson(m, member));
            }
            members.add(member);
            STRONG_KEYS.forEach(k -> {
                if (member.containsKey(k)) {
                    strongValues.add(k + "=" + member.get(k));
                }
            });
        }

        synchronized void remove(Map<String, String> member) {
            members.removeIf(m -> samePerson(m, member));
            strongValues.clear();
            members.forEach(m -> STRONG_KEYS.forEach(k -> {
                if (m.containsKey(k)) {
                    strongValues.add(k + "=" + m.get(k));
                }
            }));
        }
    }

    /** One call to the users edge as received. */
    record Upload(String method, List<String> schema, List<List<String>> data, JsonNode session, Map<String, String> form) {
    }

    final Map<String, Audience> audiences = new ConcurrentHashMap<>();
    final List<Upload> uploads = new CopyOnWriteArrayList<>();
    /** Known person -> the match keys an uploaded row matched on. */
    final Map<String, Set<String>> matches = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> knownHashes = new ConcurrentHashMap<>();
    private final Map<String, String> invalidValues = new ConcurrentHashMap<>();
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    private volatile String appSecret;
    private volatile int unnamedInvalidEntries;

    Audience audience(String id, String name, String subtype) {
        return audiences.computeIfAbsent(id, k -> new Audience(name, subtype));
    }

    /** The app requires appsecret_proof (App settings > Advanced > Require App Secret). */
    void requireAppSecret(String secret) {
        this.appSecret = secret;
    }

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    /** Meta will judge any entry carrying this sent value invalid, naming it in invalid_entry_samples. */
    void judgeInvalid(String sentValue, String reason) {
        invalidValues.put(sentValue, reason);
    }

    /** The next upload counts this many extra invalid entries without naming them in the sample. */
    void countUnnamedInvalid(int n) {
        unnamedInvalidEntries = n;
    }

    /** A person Meta knows, by match key and the value normalized as Meta's documentation says (EXTERN_ID clear). */
    void knowPerson(String person, Map<String, String> normalized) {
        Map<String, String> hashed = new HashMap<>();
        normalized.forEach((key, value) -> hashed.put(key, key.equals("EXTERN_ID") ? value : sha256(value)));
        knownHashes.put(person, hashed);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
        }
        HttpUrl url = request.getRequestUrl();
        Map<String, String> params = new LinkedHashMap<>();
        url.queryParameterNames().forEach(n -> params.put(n, url.queryParameter(n)));
        String body = request.getBody().clone().readUtf8();
        if (!body.isEmpty()) {
            params.putAll(form(body));
        }
        MockResponse refused = checkAuth(params);
        if (refused != null) {
            return refused;
        }
        String path = url.encodedPath();
        Matcher users = USERS.matcher(path);
        if (users.matches() && (request.getMethod().equals("POST") || request.getMethod().equals("DELETE"))) {
            return users(request.getMethod(), users.group(2), params);
        }
        Matcher node = NODE.matcher(path);
        if (node.matches() && request.getMethod().equals("GET")) {
            Audience audience = audiences.get(node.group(2));
            if (audience == null) {
                return unknownObject(node.group(2), "get");
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("id", node.group(2));
            answer.put("name", audience.name());
            answer.put("subtype", audience.subtype());
            return json(200, answer.toString());
        }
        return error(400, 2500, 0, "OAuthException", "Unknown path components: " + path);
    }

    private MockResponse checkAuth(Map<String, String> params) {
        String token = params.get("access_token");
        if (token == null) {
            return error(400, 104, 0, "OAuthException", "An access token is required to request this resource.");
        }
        if (token.equals(EXPIRED_TOKEN)) {
            return error(400, 190, 463, "OAuthException",
                    "Error validating access token: Session has expired on Tuesday, 01-Jul-25 10:00:00 PDT.");
        }
        if (!token.equals(ACCESS_TOKEN)) {
            return error(400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
        }
        if (appSecret != null) {
            String proof = params.get("appsecret_proof");
            if (proof == null) {
                return error(400, 100, 0, "GraphMethodException", "API calls from the server require an appsecret_proof argument");
            }
            if (!proof.equals(hmac(appSecret, token))) {
                return error(400, 100, 0, "GraphMethodException", "Invalid appsecret_proof provided in the API argument");
            }
        }
        return null;
    }

    private MockResponse users(String method, String audienceId, Map<String, String> params) {
        Audience audience = audiences.get(audienceId);
        if (audience == null) {
            return unknownObject(audienceId, method.toLowerCase());
        }
        if (!audience.subtype().equals("CUSTOM")) {
            return error(400, 2650, 0, "OAuthException", "(#2650) Failed to update the custom audience: "
                    + "users can only be added to or removed from customer list custom audiences");
        }
        JsonNode payload;
        JsonNode session;
        try {
            payload = JSON.readTree(params.getOrDefault("payload", ""));
            session = params.containsKey("session") ? JSON.readTree(params.get("session")) : null;
        } catch (Exception e) {
            return error(400, 100, 0, "OAuthException", "(#100) param payload must be JSON");
        }
        if (payload == null || !payload.path("schema").isArray() || !payload.path("data").isArray()) {
            return error(400, 100, 0, "OAuthException", "(#100) payload must have schema and data");
        }
        List<String> schema = new ArrayList<>();
        for (JsonNode key : payload.get("schema")) {
            if (!KEYS.contains(key.asText())) {
                return error(400, 100, 0, "OAuthException", "(#100) Invalid schema key: " + key.asText());
            }
            schema.add(key.asText());
        }
        if (payload.get("data").size() > MAX_ROWS) {
            return error(400, 100, 0, "OAuthException", "(#100) Too many users in one request: "
                    + payload.get("data").size() + " > " + MAX_ROWS + ". Split the upload into sessions of batches.");
        }
        List<List<String>> data = new ArrayList<>();
        for (JsonNode row : payload.get("data")) {
            if (!row.isArray() || row.size() != schema.size()) {
                return error(400, 100, 0, "OAuthException", "(#100) Data is missing or does not match schema");
            }
            List<String> cells = new ArrayList<>();
            row.forEach(c -> cells.add(c.asText()));
            data.add(cells);
        }
        uploads.add(new Upload(method, schema, data, session, params));

        int invalid = 0;
        ObjectNode samples = JSON.createObjectNode();
        for (List<String> cells : data) {
            Map<String, String> member = new LinkedHashMap<>();
            String wrong = null;
            for (int i = 0; i < schema.size(); i++) {
                String key = schema.get(i);
                String value = cells.get(i);
                if (value.isEmpty()) {
                    continue;
                }
                if (invalidValues.containsKey(value)) {
                    wrong = value;
                    samples.put(value, invalidValues.get(value));
                } else if (!key.equals("EXTERN_ID") && !SHA256_HEX.matcher(value).matches()) {
                    wrong = value;
                    samples.put(value, "Invalid " + key + " value: not a SHA-256 hex digest");
                }
                member.put(key, value);
            }
            if (wrong != null || member.isEmpty()) {
                invalid++;
                continue;
            }
            recordMatches(member);
            if (method.equals("POST")) {
                audience.add(member);
            } else {
                audience.remove(member);
            }
        }
        invalid += unnamedInvalidEntries;
        unnamedInvalidEntries = 0;
        ObjectNode answer = JSON.createObjectNode();
        answer.put("audience_id", audienceId);
        answer.put("session_id", session == null ? "0" : session.path("session_id").asText("0"));
        answer.put("num_received", data.size());
        answer.put("num_invalid_entries", invalid);
        answer.set("invalid_entry_samples", samples);
        return json(200, answer.toString());
    }

    /**
     * Meta matches people, not rows: here two rows are one person when they share an email, phone or
     * external id, or, having none of those, carry the same name-and-address keys.
     */
    private static boolean samePerson(Map<String, String> a, Map<String, String> b) {
        if (STRONG_KEYS.stream().anyMatch(k -> a.containsKey(k) && a.get(k).equals(b.get(k)))) {
            return true;
        }
        return STRONG_KEYS.stream().noneMatch(a::containsKey) && a.equals(b);
    }

    private void recordMatches(Map<String, String> member) {
        knownHashes.forEach((person, hashes) -> hashes.forEach((key, hash) -> {
            if (hash.equals(member.get(key))) {
                matches.computeIfAbsent(person, p -> ConcurrentHashMap.newKeySet()).add(key);
            }
        }));
    }

    private static MockResponse unknownObject(String id, String verb) {
        return error(400, 100, 33, "GraphMethodException", "Unsupported " + verb + " request. Object with ID '" + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation. "
                + "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api");
    }

    static MockResponse error(int http, int code, int subcode, String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("code", code);
        if (subcode != 0) {
            e.put("error_subcode", subcode);
        }
        e.put("fbtrace_id", "AbCdEfGhIjK");
        return json(http, error.toString());
    }

    /** Meta's throttling answer for the Custom Audience business use case, with its usage header. */
    static MockResponse throttled(int code, int minutesToRegainAccess) {
        String message = switch (code) {
            case 4 -> "(#4) Application request limit reached";
            case 17 -> "(#17) User request limit reached";
            case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
            default -> "(#" + code + ") There have been too many calls to this ad-account. Wait a bit and try again. "
                    + "For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.";
        };
        return error(400, code, 0, "OAuthException", message).setHeader("X-Business-Use-Case-Usage",
                "{\"123456789\":[{\"type\":\"custom_audience\",\"call_count\":100,\"total_cputime\":20,"
                        + "\"total_time\":20,\"estimated_time_to_regain_access\":" + minutesToRegainAccess + "}]}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
