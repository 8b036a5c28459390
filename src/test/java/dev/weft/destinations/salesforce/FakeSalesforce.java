package dev.weft.destinations.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Salesforce org as its REST and Bulk API 2.0 documentation describes it: OAuth token endpoint
 * (client credentials; JWT bearer checked against the app's public key), 401 INVALID_SESSION_ID when a
 * session expires, sObject Collections upsert (at most 200 records, one result per record in order),
 * and ingest jobs that go Open, UploadComplete, InProgress, JobComplete and list failed rows as CSV.
 */
final class FakeSalesforce extends Dispatcher {

    static final String CLIENT_ID = "3MVG9-client";
    static final String CLIENT_SECRET = "s3cret";
    static final String VERSION = "/services/data/v62.0/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** object -> external id value -> fields. */
    final Map<String, Map<String, Map<String, String>>> objects = new ConcurrentHashMap<>();
    final Map<String, Job> jobs = new ConcurrentHashMap<>();
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokensIssued = new AtomicInteger();
    /** Polls a job answers InProgress before it completes. */
    volatile int pollsInProgress = 1;
    PublicKey jwtKey;
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    private final Map<String, String[]> rejections = new ConcurrentHashMap<>();
    private volatile String instanceUrl;

    static final class Job {
        final String id;
        final String object;
        final String externalIdField;
        volatile String state = "Open";
        volatile String csv = "";
        volatile int polls;
        final List<String> failedLines = new ArrayList<>();
        volatile String failedHeader = "";
        volatile int processed;

        Job(String id, String object, String externalIdField) {
            this.id = id;
            this.object = object;
            this.externalIdField = externalIdField;
        }
    }

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    /** Every session issued so far expires (as when an admin revokes sessions or they time out). */
    void expireSessions() {
        validTokens.clear();
    }

    /** Rejects the record with this external id in the next call that carries it. */
    void reject(String externalId, boolean retryable, String message) {
        rejections.put(externalId, new String[]{retryable ? "UNABLE_TO_LOCK_ROW" : "INVALID_EMAIL_ADDRESS", message});
    }

    Map<String, Map<String, String>> records(String object) {
        return objects.computeIfAbsent(object, k -> new ConcurrentHashMap<>());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getRequestUrl();
        instanceUrl = url.scheme() + "://" + url.host() + ":" + url.port();
        String path = url.encodedPath();
        try {
            if (path.equals("/services/oauth2/token")) {
                return token(request.getBody().clone().readUtf8());
            }
            synchronized (this) {
                if (!faults.isEmpty()) {
                    return faults.poll();
                }
            }
            String auth = request.getHeader("Authorization");
            if (auth == null || !validTokens.contains(auth.replace("Bearer ", ""))) {
                return json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
            }
            if (!path.startsWith(VERSION)) {
                return json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
            }
            String[] p = path.substring(VERSION.length()).split("/");
            String method = request.getMethod();
            if (p[0].equals("limits") && method.equals("GET")) {
                return json(200, "{\"DailyApiRequests\":{\"Max\":100000,\"Remaining\":99990}}");
            }
            if (p[0].equals("composite") && p[1].equals("sobjects") && method.equals("PATCH") && p.length == 4) {
                return upsertCollection(p[2], p[3], JSON.readTree(request.getBody().clone().readUtf8()));
            }
            if (p[0].equals("jobs") && p[1].equals("ingest")) {
                return ingest(method, p, request.getBody().clone().readString(StandardCharsets.UTF_8));
            }
            return json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
        } catch (Exception e) {
            return json(400, "[{\"errorCode\":\"JSON_PARSER_ERROR\",\"message\":\"" + e.getMessage() + "\"}]");
        }
    }

    private MockResponse token(String form) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        boolean ok = switch (fields.getOrDefault("grant_type", "")) {
            case "client_credentials" -> CLIENT_ID.equals(fields.get("client_id")) && CLIENT_SECRET.equals(fields.get("client_secret"));
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> validJwt(fields.get("assertion"));
            default -> false;
        };
        if (!ok) {
            return json(400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        }
        String token = "00Dxx!session-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        return json(200, "{\"access_token\":\"" + token + "\",\"instance_url\":\"" + instanceUrl + "\","
                + "\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"signature\":\"sig\"}");
    }

    private boolean validJwt(String jwt) throws Exception {
        if (jwtKey == null || jwt == null) {
            return false;
        }
        String[] parts = jwt.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(jwtKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            return false;
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        return CLIENT_ID.equals(claims.path("iss").asText()) && claims.path("aud").asText().startsWith("https://")
                && !claims.path("sub").asText().isEmpty()
                && claims.path("exp").asLong() > System.currentTimeMillis() / 1000;
    }

    private MockResponse upsertCollection(String object, String externalIdField, JsonNode body) {
        JsonNode records = body.path("records");
        if (records.size() > 200) {
            return json(400, "[{\"message\":\"Maximum number of records in a collection is 200\",\"errorCode\":\"EXCEEDED_ID_LIMIT\"}]");
        }
        if (body.path("allOrNone").asBoolean(true)) {
            return json(400, "[{\"message\":\"this fake only models allOrNone=false\",\"errorCode\":\"INVALID_FIELD\"}]");
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode record : records) {
            ObjectNode result = results.addObject();
            if (!object.equals(record.path("attributes").path("type").asText())) {
                result.put("success", false);
                result.putArray("errors").addObject().put("statusCode", "INVALID_TYPE").put("message", "wrong type");
                continue;
            }
            String id = record.path(externalIdField).asText();
            String[] rejection = rejections.remove(id);
            if (rejection != null) {
                result.put("success", false);
                ObjectNode error = result.putArray("errors").addObject();
                error.put("statusCode", rejection[0]).put("message", rejection[1]);
                error.putArray("fields");
                continue;
            }
            Map<String, Map<String, String>> store = records(object);
            boolean created = !store.containsKey(id);
            Map<String, String> fields = store.computeIfAbsent(id, k -> new LinkedHashMap<>());
            record.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("attributes")) {
                    fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
                }
            });
            result.put("id", "003" + Math.abs(id.hashCode()));
            result.put("success", true);
            result.putArray("errors");
            result.put("created", created);
        }
        return json(200, results.toString());
    }

    private MockResponse ingest(String method, String[] p, String body) throws Exception {
        if (p.length == 2 && method.equals("POST")) {
            JsonNode spec = JSON.readTree(body);
            if (!spec.path("operation").asText().equals("upsert") || !spec.path("contentType").asText().equals("CSV")) {
                return json(400, "[{\"errorCode\":\"INVALIDJOB\",\"message\":\"unsupported job\"}]");
            }
            Job job = new Job("7505f00000" + (jobs.size() + 1), spec.path("object").asText(), spec.path("externalIdFieldName").asText());
            jobs.put(job.id, job);
            return json(200, jobJson(job));
        }
        Job job = jobs.get(p[2]);
        if (job == null) {
            return json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"job not found\"}]");
        }
        if (p.length == 4 && p[3].equals("batches") && method.equals("PUT")) {
            if (!job.state.equals("Open")) {
                return json(400, "[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"job is not open\"}]");
            }
            job.csv = body;
            return new MockResponse().setResponseCode(201);
        }
        if (p.length == 3 && method.equals("PATCH")) {
            if (JSON.readTree(body).path("state").asText().equals("UploadComplete")) {
                job.state = "UploadComplete";
            }
            return json(200, jobJson(job));
        }
        if (p.length == 3 && method.equals("GET")) {
            if (job.state.equals("UploadComplete") || job.state.equals("InProgress")) {
                if (job.polls++ < pollsInProgress) {
                    job.state = "InProgress";
                } else {
                    process(job);
                }
            }
            return json(200, jobJson(job));
        }
        if (p.length == 4 && p[3].equals("failedResults") && method.equals("GET")) {
            StringBuilder csv = new StringBuilder("\"sf__Id\",\"sf__Error\"," + job.failedHeader + "\n");
            job.failedLines.forEach(l -> csv.append(l).append('\n'));
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/csv").setBody(csv.toString());
        }
        return json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"unknown job resource\"}]");
    }

    /** Loads the uploaded CSV (test data has no quoted commas) and records rejected rows as failed results. */
    private void process(Job job) {
        String[] lines = job.csv.split("\n");
        String[] header = lines[0].split(",", -1);
        job.failedHeader = lines[0];
        int idColumn = List.of(header).indexOf(job.externalIdField);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            String id = cells[idColumn];
            String[] rejection = rejections.remove(id);
            if (rejection != null) {
                job.failedLines.add("\"\",\"" + rejection[0] + ":" + rejection[1] + ":--\"," + lines[i]);
                continue;
            }
            Map<String, String> fields = records(job.object).computeIfAbsent(id, k -> new LinkedHashMap<>());
            for (int c = 0; c < header.length; c++) {
                if (!cells[c].isEmpty()) {
                    fields.put(header[c], cells[c].equals("#N/A") ? null : cells[c]);
                }
            }
            job.processed++;
        }
        job.state = "JobComplete";
    }

    private String jobJson(Job job) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id);
        node.put("operation", "upsert");
        node.put("object", job.object);
        node.put("externalIdFieldName", job.externalIdField);
        node.put("state", job.state);
        node.put("contentType", "CSV");
        node.put("numberRecordsProcessed", job.processed + job.failedLines.size());
        node.put("numberRecordsFailed", job.failedLines.size());
        return node.toString();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
