package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Google Ads account as the REST API documents it: the OAuth token endpoint (refresh-token grant),
 * 401 UNAUTHENTICATED for an unknown or expired access token, 403 USER_PERMISSION_DENIED when a managed
 * account is reached without its manager's {@code login-customer-id}, OfflineUserDataJobService (create;
 * addOperations with partial failure, at most 10,000 operations and 100,000 user identifiers per request and
 * 20 per operation, SHA-256 values checked, creates and removes never mixed in one job, no operations once a
 * job runs; run refused with CONCURRENT_MODIFICATION while another job of the list runs) and
 * GoogleAdsService.Search over {@code offline_user_data_job} and {@code user_list} with a small GAQL subset.
 * A job runs for {@link #pollsRunning} reads by its resource name, then applies its operations and
 * succeeds. Error bodies are Google's: {@code {error: {code, message, status, details: [GoogleAdsFailure]}}}.
 */
final class FakeGoogleAds extends Dispatcher {

    static final String CLIENT_ID = "1234-fake.apps.googleusercontent.com";
    static final String CLIENT_SECRET = "GOCSPX-fake-secret";
    static final String REFRESH_TOKEN = "1//fake-refresh-token";
    static final String CUSTOMER_ID = "1234567890";
    static final String MANAGER_ID = "9876543210";
    static final String LIST_ID = "555001";
    static final String USER_LIST = "customers/" + CUSTOMER_ID + "/userLists/" + LIST_ID;
    static final String VERSION = "v26";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern JOB_PATH = Pattern.compile("/" + VERSION + "/customers/(\\d+)/offlineUserDataJobs/(\\d+):(addOperations|run)");
    private static final Pattern QUERY = Pattern.compile(
            "(?is)\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?\\s*");
    private static final Pattern EQUALS = Pattern.compile("(?s)\\s*([\\w.]+)\\s*=\\s*'([^']*)'\\s*");
    private static final Pattern IN = Pattern.compile("(?is)\\s*([\\w.]+)\\s+IN\\s*\\(([^)]*)\\)\\s*");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "offline_user_data_job", Set.of("resource_name", "id", "external_id", "type", "status", "failure_reason",
                    "customer_match_user_list_metadata.user_list", "operation_metadata.match_rate_range"),
            "user_list", Set.of("resource_name", "id", "name", "type"));

    /**
     * A user list: its name, type and members, each the identifiers last uploaded for one person. A person is
     * recognized by any one identifier (an email, a phone, a whole address, a CRM id).
     */
    static final class UserList {
        final String name;
        final String type;
        private final Map<String, Map<String, String>> membersByIdentifier = new HashMap<>();

        UserList(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /** A create replaces the members it shares an identifier with; a remove drops them. */
        synchronized void apply(Map<String, String> upload, boolean create) {
            for (String identifier : identifiers(upload)) {
                Map<String, String> held = membersByIdentifier.get(identifier);
                if (held != null) {
                    identifiers(held).forEach(membersByIdentifier::remove);
                }
            }
            if (create) {
                identifiers(upload).forEach(i -> membersByIdentifier.put(i, upload));
            }
        }

        synchronized List<Map<String, String>> members() {
            Set<Map<String, String>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(membersByIdentifier.values());
            return List.copyOf(distinct);
        }

        private static List<String> identifiers(Map<String, String> member) {
            List<String> identifiers = new ArrayList<>();
            StringBuilder address = new StringBuilder();
            member.forEach((key, value) -> {
                if (key.startsWith("addressInfo.")) {
                    address.append(key).append('=').append(value).append(';');
                } else {
                    identifiers.add(key + "=" + value);
                }
            });
            if (address.length() > 0) {
                identifiers.add(address.toString());
            }
            return identifiers;
        }
    }

    static final class Job {
        final String resourceName;
        final String id;
        final String userList;
        final String externalId;
        final JsonNode consent;
        final List<String> operationKinds = new ArrayList<>();
        final List<Map<String, String>> members = new ArrayList<>();
        volatile String status = "PENDING";
        volatile String failureReason;
        volatile int reads;

        Job(String resourceName, String id, String userList, String externalId, JsonNode consent) {
            this.resourceName = resourceName;
            this.id = id;
            this.userList = userList;
            this.externalId = externalId;
            this.consent = consent;
        }
    }

    final Map<String, UserList> lists = new ConcurrentHashMap<>();
    final Map<String, Job> jobs = new ConcurrentHashMap<>();
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokensIssued = new AtomicInteger();
    /** Every API call in order, as {@code create}, {@code addOperations}, {@code run} or {@code search}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** The body of every addOperations request. */
    final List<JsonNode> addOperationsBodies = new CopyOnWriteArrayList<>();
    /** The {@code developer-token} header of every API call (null when absent). */
    final List<String> developerTokens = Collections.synchronizedList(new ArrayList<>());
    /** Reads by resource name a job answers RUNNING before it finishes. */
    volatile int pollsRunning = 1;
    /** When set, the account is managed: calls must name this manager in {@code login-customer-id}. */
    volatile String requiredLoginCustomerId;
    /** The next job to finish fails instead (Google gives no reason for Customer Match jobs: UNKNOWN). */
    volatile boolean failNextJob;
    /** Runs once right after the next search is answered: another tool acting between Weft's check and its run. */
    volatile Runnable afterNextSearch;
    private final AtomicInteger nextJobId = new AtomicInteger(7_000_000);
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, String[]> rejections = new ConcurrentHashMap<>();

    private record Fault(String pathSuffix, MockResponse response) {
    }

    FakeGoogleAds() {
        lists.put(USER_LIST, new UserList("Weft VIPs", "CRM_BASED"));
        lists.put("customers/" + CUSTOMER_ID + "/userLists/555002", new UserList("All visitors", "RULE_BASED"));
    }

    UserList list() {
        return lists.get(USER_LIST);
    }

    /** The next API call (any path) gets this answer. */
    synchronized void failNext(MockResponse response) {
        faults.add(new Fault("", response));
    }

    /** The next API call whose path ends with {@code pathSuffix} (e.g. {@code :run}) gets this answer. */
    synchronized void failNext(String pathSuffix, MockResponse response) {
        faults.add(new Fault(pathSuffix, response));
    }

    /** Every access token issued so far expires (they live an hour). */
    void expireTokens() {
        validTokens.clear();
    }

    /** The next operation carrying this hashed email is rejected in its addOperations answer. */
    void reject(String hashedEmail, boolean retryable, String message) {
        rejections.put(hashedEmail, new String[]{retryable ? "internalError" : "offlineUserDataJobError",
                retryable ? "INTERNAL_ERROR" : "INVALID_SHA256_FORMAT", message});
    }

    /** A job another tool created on a list, in the given status. */
    Job foreignJob(String userList, String status, String externalId) {
        Job job = newJob(userList, externalId, null);
        job.status = status;
        return job;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        String body = request.getBody().clone().readString(StandardCharsets.UTF_8);
        try {
            if (path.equals("/token")) {
                return token(body);
            }
            synchronized (this) {
                for (Fault fault : faults) {
                    if (path.endsWith(fault.pathSuffix())) {
                        faults.remove(fault);
                        return fault.response();
                    }
                }
            }
            developerTokens.add(request.getHeader("developer-token"));
            String auth = request.getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                return status(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
                        + "access token, login cookie or other valid authentication credential.", List.of());
            }
            String loginCustomerId = request.getHeader("login-customer-id");
            if (requiredLoginCustomerId != null && !requiredLoginCustomerId.equals(loginCustomerId)) {
                return status(403, "PERMISSION_DENIED", "The caller does not have permission", List.of(error(
                        "authorizationError", "USER_PERMISSION_DENIED", "User doesn't have permission to access customer. "
                                + "Note: If you're accessing a client customer, the manager's customer ID must be set in the "
                                + "'login-customer-id' header.", -1)));
            }
            if (!request.getMethod().equals("POST")) {
                return status(404, "NOT_FOUND", "Method not found.", List.of());
            }
            JsonNode json = JSON.readTree(body.isEmpty() ? "{}" : body);
            if (path.equals("/" + VERSION + "/customers/" + CUSTOMER_ID + "/offlineUserDataJobs:create")) {
                calls.add("create");
                return createJob(json);
            }
            if (path.equals("/" + VERSION + "/customers/" + CUSTOMER_ID + "/googleAds:search")) {
                calls.add("search");
                MockResponse answer = search(json.path("query").asText());
                Runnable after = afterNextSearch;
                afterNextSearch = null;
                if (after != null) {
                    after.run();
                }
                return answer;
            }
            Matcher job = JOB_PATH.matcher(path);
            if (job.matches() && job.group(1).equals(CUSTOMER_ID)) {
                calls.add(job.group(3));
                Job found = jobs.get("customers/" + job.group(1) + "/offlineUserDataJobs/" + job.group(2));
                if (found == null) {
                    return status(404, "NOT_FOUND", "Requested entity was not found.", List.of());
                }
                return job.group(3).equals("run") ? run(found) : addOperations(found, json);
            }
            if (path.startsWith("/" + VERSION + "/customers/")) {
                return status(403, "PERMISSION_DENIED", "The caller does not have permission", List.of(error(
                        "authorizationError", "USER_PERMISSION_DENIED", "User doesn't have permission to access customer.", -1)));
            }
            return status(404, "NOT_FOUND", "Method not found.", List.of());
        } catch (Exception e) {
            return status(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + e.getMessage(), List.of());
        }
    }

    private MockResponse token(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!CLIENT_ID.equals(fields.get("client_id")) || !CLIENT_SECRET.equals(fields.get("client_secret"))) {
            return json(401, "{\"error\":\"invalid_client\",\"error_description\":\"The OAuth client was not found.\"}");
        }
        if (!"refresh_token".equals(fields.get("grant_type")) || !REFRESH_TOKEN.equals(fields.get("refresh_token"))) {
            return json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
        }
        String token = "ya29.fake-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        return json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,"
                + "\"scope\":\"https://www.googleapis.com/auth/adwords\",\"token_type\":\"Bearer\"}");
    }

    private MockResponse createJob(JsonNode body) {
        JsonNode job = body.path("job");
        if (!job.path("type").asText().equals("CUSTOMER_MATCH_USER_LIST")) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "fieldError", "REQUIRED", "The required field was not present.", -1)));
        }
        String userList = job.path("customerMatchUserListMetadata").path("userList").asText();
        UserList list = lists.get(userList);
        if (list == null) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "offlineUserDataJobError", "INVALID_USER_LIST_ID", "The user list ID provided for the job is invalid.", -1)));
        }
        if (!list.type.equals("CRM_BASED")) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "offlineUserDataJobError", "INVALID_USER_LIST_TYPE", "Type of the user list is not applicable for the job.", -1)));
        }
        Job created = newJob(userList, job.path("externalId").asText(null),
                job.path("customerMatchUserListMetadata").get("consent"));
        return json(200, JSON.createObjectNode().put("resourceName", created.resourceName).toString());
    }

    private Job newJob(String userList, String externalId, JsonNode consent) {
        String id = String.valueOf(nextJobId.incrementAndGet());
        Job job = new Job("customers/" + CUSTOMER_ID + "/offlineUserDataJobs/" + id, id, userList, externalId, consent);
        jobs.put(job.resourceName, job);
        return job;
    }

    private MockResponse addOperations(Job job, JsonNode body) {
        addOperationsBodies.add(body);
        if (!job.status.equals("PENDING")) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "offlineUserDataJobError", "JOB_ALREADY_STARTED", "Once the upload job is started, new operations cannot be added.", -1)));
        }
        JsonNode operations = body.path("operations");
        if (operations.size() > 10_000) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "requestError", "TOO_MANY_MUTATE_OPERATIONS", "Received too many entries in request.", -1)));
        }
        int identifiers = 0;
        for (JsonNode operation : operations) {
            identifiers += operation.path(operation.has("create") ? "create" : "remove").path("userIdentifiers").size();
        }
        if (identifiers > 100_000) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "offlineUserDataJobError", "TOO_MANY_USER_IDENTIFIERS",
                    "Maximum number of user identifiers allowed per request is 100,000 and per operation is 20.", -1)));
        }
        List<ObjectNode> errors = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Map<String, String>> accepted = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            String kind = operation.has("create") ? "create" : operation.has("remove") ? "remove" : null;
            ObjectNode problem = validate(operation, kind, i, job);
            if (problem != null) {
                errors.add(problem);
                continue;
            }
            Map<String, String> member = member(operation.path(kind).path("userIdentifiers"));
            String[] rejection = member.containsKey("hashedEmail") ? rejections.remove(member.get("hashedEmail")) : null;
            if (rejection != null) {
                errors.add(error(rejection[0], rejection[1], rejection[2], i));
                continue;
            }
            kinds.add(kind);
            accepted.add(member);
        }
        if (!errors.isEmpty() && !body.path("enablePartialFailure").asBoolean(false)) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", errors);
        }
        synchronized (job) {
            job.operationKinds.addAll(kinds);
            job.members.addAll(accepted);
        }
        ObjectNode answer = JSON.createObjectNode();
        if (!errors.isEmpty()) {
            ObjectNode partial = answer.putObject("partialFailureError");
            partial.put("code", 3);
            partial.put("message", (errors.size() > 1 ? "Multiple errors in 'details'. First error: " : "")
                    + errors.get(0).path("message").asText() + ", at operations[" + errors.get(0).path("location")
                    .path("fieldPathElements").path(0).path("index").asInt() + "]");
            partial.set("details", failureDetails(errors));
        }
        return json(200, answer.toString());
    }

    /** Google's per-operation checks; null when the operation is acceptable. */
    private ObjectNode validate(JsonNode operation, String kind, int index, Job job) {
        if (kind == null) {
            return error("requestError", "OPERATION_REQUIRED", "Mutate operation should have either create, update, or remove specified.", index);
        }
        String other = kind.equals("create") ? "remove" : "create";
        if (job.operationKinds.contains(other)) {
            return error("offlineUserDataJobError", "CONFLICTING_OPERATION",
                    "Mixing creation and removal of offline data in the same job is not allowed.", index);
        }
        JsonNode identifiers = operation.path(kind).path("userIdentifiers");
        if (identifiers.isEmpty()) {
            return error("offlineUserDataJobError", "MISSING_USER_IDENTIFIER", "The user identifier is missing valid data.", index);
        }
        if (identifiers.size() > 20) {
            return error("offlineUserDataJobError", "TOO_MANY_USER_IDENTIFIERS",
                    "Maximum number of user identifiers allowed per request is 100,000 and per operation is 20.", index);
        }
        for (JsonNode identifier : identifiers) {
            JsonNode address = identifier.path("addressInfo");
            for (String hashed : List.of("hashedEmail", "hashedPhoneNumber")) {
                if (identifier.has(hashed) && !SHA256.matcher(identifier.path(hashed).asText()).matches()) {
                    return error("offlineUserDataJobError", "INVALID_SHA256_FORMAT", "The SHA256 encoded value is malformed.", index);
                }
            }
            if (identifier.has("addressInfo")) {
                for (String hashed : List.of("hashedFirstName", "hashedLastName")) {
                    if (!SHA256.matcher(address.path(hashed).asText()).matches()) {
                        return error("offlineUserDataJobError", "INVALID_SHA256_FORMAT", "The SHA256 encoded value is malformed.", index);
                    }
                }
                if (!address.path("countryCode").asText().matches("[A-Z]{2}")) {
                    return error("offlineUserDataJobError", "INVALID_COUNTRY_CODE", "The country code is invalid.", index);
                }
            }
        }
        return null;
    }

    /** One person's identifiers, flattened: {@code hashedEmail}, {@code addressInfo.hashedFirstName}, ... */
    private static Map<String, String> member(JsonNode identifiers) {
        Map<String, String> member = new LinkedHashMap<>();
        for (JsonNode identifier : identifiers) {
            identifier.fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    e.getValue().fields().forEachRemaining(f -> member.put(e.getKey() + "." + f.getKey(), f.getValue().asText()));
                } else {
                    member.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return member;
    }

    private MockResponse run(Job job) {
        if (!job.status.equals("PENDING")) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "offlineUserDataJobError", "JOB_ALREADY_STARTED", "Once the upload job is started, new operations cannot be added.", -1)));
        }
        synchronized (this) {
            boolean listBusy = jobs.values().stream().anyMatch(j -> j != job && j.userList.equals(job.userList) && j.status.equals("RUNNING"));
            if (listBusy) {
                return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                        "databaseError", "CONCURRENT_MODIFICATION",
                        "Multiple requests were attempting to modify the same resource at once. Retry the request.", -1)));
            }
            job.status = "RUNNING";
        }
        return json(200, JSON.createObjectNode().put("name", "customers/" + CUSTOMER_ID + "/operations/" + job.id).toString());
    }

    /** Applies a finished job's operations in order. */
    private void finish(Job job) {
        if (failNextJob) {
            failNextJob = false;
            job.failureReason = "UNKNOWN";
            job.status = "FAILED";
            return;
        }
        UserList list = lists.get(job.userList);
        for (int i = 0; i < job.members.size(); i++) {
            list.apply(job.members.get(i), job.operationKinds.get(i).equals("create"));
        }
        job.status = "SUCCESS";
    }

    private MockResponse search(String query) {
        Matcher q = QUERY.matcher(query);
        if (!q.matches() || !FIELDS.containsKey(q.group(2))) {
            return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                    "queryError", "UNEXPECTED_INPUT", "Error in query: unexpected input " + query, -1)));
        }
        String resource = q.group(2);
        List<String> selected = new ArrayList<>();
        for (String field : q.group(1).split(",")) {
            selected.add(field.trim());
        }
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        if (q.group(3) != null) {
            for (String condition : q.group(3).split("(?i)\\s+AND\\s+")) {
                Matcher eq = EQUALS.matcher(condition);
                Matcher in = IN.matcher(condition);
                if (eq.matches()) {
                    conditions.put(eq.group(1), Set.of(eq.group(2)));
                } else if (in.matches()) {
                    Set<String> values = new java.util.HashSet<>();
                    for (String v : in.group(2).split(",")) {
                        values.add(v.trim().replaceAll("^'|'$", ""));
                    }
                    conditions.put(in.group(1), values);
                } else {
                    return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                            "queryError", "UNEXPECTED_INPUT", "Error in query: unexpected input " + condition, -1)));
                }
            }
        }
        for (String field : concat(selected, conditions.keySet())) {
            if (!field.startsWith(resource + ".") || !FIELDS.get(resource).contains(field.substring(resource.length() + 1))) {
                return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error(
                        "queryError", "UNRECOGNIZED_FIELD", "Unrecognized field in the query: '" + field + "'.", -1)));
            }
        }
        List<ObjectNode> entities = new ArrayList<>();
        if (resource.equals("user_list")) {
            lists.forEach((name, list) -> entities.add(userListJson(name, list)));
        } else {
            String byName = conditions.containsKey("offline_user_data_job.resource_name")
                    ? conditions.get("offline_user_data_job.resource_name").iterator().next() : null;
            for (Job job : jobs.values()) {
                if (job.resourceName.equals(byName)) {
                    advance(job);
                }
                entities.add(jobJson(job));
            }
        }
        ArrayNode results = JSON.createArrayNode();
        String root = camel(resource);
        for (ObjectNode entity : entities) {
            if (conditions.entrySet().stream().allMatch(c -> c.getValue().contains(value(entity, c.getKey().substring(resource.length() + 1))))) {
                ObjectNode row = results.addObject();
                ObjectNode out = row.putObject(root);
                for (String field : selected) {
                    copy(entity, out, field.substring(resource.length() + 1));
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("results", results);
        answer.put("fieldMask", String.join(",", selected.stream().map(f -> root + "." + camelPath(f.substring(resource.length() + 1))).toList()));
        answer.put("requestId", "fake-" + System.nanoTime());
        return json(200, answer.toString());
    }

    /** A read by resource name moves a running job along; after {@link #pollsRunning} reads it finishes. */
    private void advance(Job job) {
        synchronized (job) {
            if (job.status.equals("RUNNING") && job.reads++ >= pollsRunning) {
                finish(job);
            }
        }
    }

    private static List<String> concat(List<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private ObjectNode jobJson(Job job) {
        ObjectNode node = JSON.createObjectNode();
        node.put("resourceName", job.resourceName);
        node.put("id", job.id);
        if (job.externalId != null) {
            node.put("externalId", job.externalId);
        }
        node.put("type", "CUSTOMER_MATCH_USER_LIST");
        node.put("status", job.status);
        if (job.failureReason != null) {
            node.put("failureReason", job.failureReason);
        }
        node.putObject("customerMatchUserListMetadata").put("userList", job.userList);
        if (job.status.equals("SUCCESS") || job.status.equals("FAILED")) {
            node.putObject("operationMetadata").put("matchRateRange", "MATCH_RANGE_51_TO_60");
        }
        return node;
    }

    private static ObjectNode userListJson(String resourceName, UserList list) {
        ObjectNode node = JSON.createObjectNode();
        node.put("resourceName", resourceName);
        node.put("id", resourceName.substring(resourceName.lastIndexOf('/') + 1));
        node.put("name", list.name);
        node.put("type", list.type);
        return node;
    }

    private static String value(JsonNode entity, String snakePath) {
        JsonNode node = entity;
        for (String part : snakePath.split("\\.")) {
            node = node.path(camel(part));
        }
        return node.isMissingNode() ? null : node.asText();
    }

    private static void copy(JsonNode entity, ObjectNode out, String snakePath) {
        String[] parts = snakePath.split("\\.");
        JsonNode from = entity;
        ObjectNode to = out;
        for (int i = 0; i < parts.length; i++) {
            String key = camel(parts[i]);
            from = from.path(key);
            if (from.isMissingNode()) {
                return; // unset fields are left out of the answer, as proto3 JSON does
            }
            if (i == parts.length - 1) {
                to.set(key, from);
            } else {
                to = to.has(key) ? (ObjectNode) to.get(key) : to.putObject(key);
            }
        }
    }

    private static String camelPath(String snakePath) {
        List<String> parts = new ArrayList<>();
        for (String part : snakePath.split("\\.")) {
            parts.add(camel(part));
        }
        return String.join(".", parts);
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** One GoogleAdsError; {@code operationIndex} -1 for an error outside the operations. */
    static ObjectNode error(String kind, String code, String message, int operationIndex) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("errorCode").put(kind, code);
        error.put("message", message);
        if (operationIndex >= 0) {
            error.putObject("location").putArray("fieldPathElements").addObject().put("fieldName", "operations").put("index", operationIndex);
        }
        return error;
    }

    private static ArrayNode failureDetails(List<ObjectNode> errors) {
        ArrayNode details = JSON.createArrayNode();
        ObjectNode failure = details.addObject();
        failure.put("@type", "type.googleapis.com/google.ads.googleads." + VERSION + ".errors.GoogleAdsFailure");
        ArrayNode list = failure.putArray("errors");
        errors.forEach(list::add);
        failure.put("requestId", "fake-request");
        return details;
    }

    /** An HTTP error with Google's body: {@code {error: {code, message, status, details}}}. */
    static MockResponse status(int code, String status, String message, List<ObjectNode> errors) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (!errors.isEmpty()) {
            error.set("details", failureDetails(errors));
        }
        return json(code, body.toString());
    }

    /** 429 RESOURCE_EXHAUSTED with the retry delay in quotaErrorDetails, as Google answers a short-term quota. */
    static MockResponse resourceExhausted(String retryDelay) {
        ObjectNode error = error("quotaError", "RESOURCE_TEMPORARILY_EXHAUSTED", "Too many requests. Retry in " + retryDelay + ".", -1);
        error.putObject("details").putObject("quotaErrorDetails").put("rateScope", "ACCOUNT")
                .put("rateName", "Requests per account").put("retryDelay", retryDelay);
        return status(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", List.of(error));
    }

    static MockResponse concurrentModification() {
        return status(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", List.of(error("databaseError",
                "CONCURRENT_MODIFICATION", "Multiple requests were attempting to modify the same resource at once. Retry the request.", -1)));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json; charset=UTF-8").setBody(body);
    }
}
