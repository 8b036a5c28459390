package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Klaviyo account as its API reference describes it (https://github.com/klaviyo/openapi, stable/apis):
 * private-key auth (401 {@code authentication_failed}; 403 {@code permission_denied} for a key without
 * write scopes), a required {@code revision} header, JSON:API bodies, errors as {@code errors[]} with
 * {@code code}, {@code detail} and {@code source.pointer}. Bulk Import Profiles jobs refuse more than
 * 10,000 profiles, 5 MB or a profile over 100 KB, then go queued, processing, complete over polls; on
 * completion they upsert profiles (matched by email, phone number or external id), add them to the job's
 * list, and list what they could not import as import errors carrying the original payload. Profiles are
 * found with {@code any(...)}/{@code equals(...)} filters; a list takes at most 1,000 profiles off per
 * call. Collections page by {@code page[size]} (default 20, at most 100) and {@code links.next}.
 *
 * <p>Klaviyo documents the limits but not the wording of the errors it answers on them; the fake answers
 * in its documented error format with its {@code invalid} code.
 */
final class FakeKlaviyo extends Dispatcher {

    static final String API_KEY = "pk_0123456789abcdefghijklmnopqrstuvwx";
    /** A key created with read-only scopes: reads work, writes answer 403. */
    static final String READ_ONLY_KEY = "pk_readonly456789abcdefghijklmnopqrst";
    static final String LIST_ID = "Y6nRLr";
    static final String LIST_NAME = "Weft VIP";
    static final int MAX_PROFILES = 10_000;
    static final int MAX_BYTES = 5_000_000;
    static final int MAX_PROFILE_BYTES = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("(any|equals)\\((email|phone_number|external_id),(.*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** Profile id to attributes. */
    final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    /** List id to member profile ids. */
    final Map<String, Set<String>> lists = new LinkedHashMap<>();
    final Map<String, String> listNames = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Polls a job answers queued, then processing, before it completes. */
    volatile int pollsQueued = 1;
    volatile int pollsProcessing = 1;
    /** Where next-page links point; null means this server. */
    volatile String linkBase;
    private final Deque<MockResponse> faults = new ArrayDeque<>();
    /** Identifier value to {code, detail} for the next job that carries it. */
    private final Map<String, String[]> rejections = new LinkedHashMap<>();
    private int profileSeq;
    private int jobSeq;

    static final class Job {
        final String id;
        final List<ObjectNode> profiles;
        final String listId;
        String status = "queued";
        int polls;
        final List<ObjectNode> errors = new ArrayList<>();

        Job(String id, List<ObjectNode> profiles, String listId) {
            this.id = id;
            this.profiles = profiles;
            this.listId = listId;
        }
    }

    FakeKlaviyo() {
        lists.put(LIST_ID, new LinkedHashSet<>());
        listNames.put(LIST_ID, LIST_NAME);
    }

    synchronized void failNext(MockResponse response) {
        faults.add(response);
    }

    /** The next job carrying a profile with this email, phone number or external id fails it with this error. */
    synchronized void reject(String identifierValue, String code, String detail) {
        rejections.put(identifierValue.toLowerCase(Locale.ROOT), new String[]{code, detail});
    }

    synchronized void cancel(String jobId) {
        jobs.get(jobId).status = "cancelled";
    }

    synchronized ObjectNode profileBy(String field, String value) {
        return profiles.values().stream().filter(p -> value.equalsIgnoreCase(p.path(field).asText(null)))
                .findFirst().orElse(null);
    }

    synchronized String profileIdBy(String field, String value) {
        return profiles.entrySet().stream().filter(e -> value.equalsIgnoreCase(e.getValue().path(field).asText(null)))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    synchronized Set<String> members(String listId) {
        return new LinkedHashSet<>(lists.getOrDefault(listId, Set.of()));
    }

    /** A profile's attributes as the paths mappings target: {@code location.city}, {@code properties.plan}. */
    static Map<String, Object> flatten(ObjectNode attributes) {
        Map<String, Object> flat = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(inner -> flat.put(e.getKey() + "." + inner.getKey(), inner.getValue().asText()));
            } else {
                flat.put(e.getKey(), e.getValue().asText());
            }
        });
        return flat;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getRequestUrl();
        if (!faults.isEmpty()) {
            return faults.poll();
        }
        String auth = request.getHeader("Authorization");
        boolean fullKey = ("Klaviyo-API-Key " + API_KEY).equals(auth);
        if (!fullKey && !("Klaviyo-API-Key " + READ_ONLY_KEY).equals(auth)) {
            return error(401, "authentication_failed", "Incorrect authentication credentials.",
                    "Incorrect authentication credentials.", "/data/");
        }
        String revision = request.getHeader("revision");
        if (revision == null || !revision.matches("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?")) {
            return error(400, "invalid", "Invalid input.", "A valid revision header is required.", null);
        }
        String method = request.getMethod();
        if (!fullKey && !method.equals("GET")) {
            return error(403, "permission_denied", "You do not have permission to perform this action.",
                    "You do not have permission to perform this action.", null);
        }
        String[] p = url.encodedPath().replaceAll("/+$", "").split("/");
        try {
            if (p.length >= 3 && p[1].equals("api") && p[2].equals("profile-bulk-import-jobs")) {
                if (p.length == 3 && method.equals("POST")) {
                    return createJob(request);
                }
                if (p.length == 3 && method.equals("GET")) {
                    return page(url, new ArrayList<>(jobs.values().stream().map(this::jobResource).toList()));
                }
                Job job = p.length >= 4 ? jobs.get(p[3]) : null;
                if (job == null) {
                    return error(404, "not_found", "Not found.", "Import job not found.", null);
                }
                if (p.length == 4 && method.equals("GET")) {
                    advance(job);
                    return json(200, JSON.createObjectNode().set("data", jobResource(job)));
                }
                if (p.length == 5 && p[4].equals("import-errors") && method.equals("GET")) {
                    return page(url, new ArrayList<>(job.errors));
                }
            }
            if (p.length == 3 && p[1].equals("api") && p[2].equals("profiles") && method.equals("GET")) {
                return findProfiles(url);
            }
            if (p.length >= 4 && p[1].equals("api") && p[2].equals("lists")) {
                Set<String> members = lists.get(p[3]);
                if (members == null) {
                    return error(404, "not_found", "Not found.", "A list with id " + p[3] + " does not exist.", null);
                }
                if (p.length == 4 && method.equals("GET")) {
                    ObjectNode data = JSON.createObjectNode().put("type", "list").put("id", p[3]);
                    data.putObject("attributes").put("name", listNames.get(p[3]));
                    return json(200, JSON.createObjectNode().set("data", data));
                }
                if (p.length == 6 && p[4].equals("relationships") && p[5].equals("profiles") && method.equals("DELETE")) {
                    return removeFromList(request, members);
                }
            }
            return error(404, "not_found", "Not found.", "The requested resource does not exist.", null);
        } catch (Exception e) {
            return error(400, "invalid", "Invalid input.", "The payload provided in the request is invalid: " + e.getMessage(), null);
        }
    }

    private MockResponse createJob(RecordedRequest request) throws Exception {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith("application/vnd.api+json")) {
            return error(415, "unsupported_media_type", "Unsupported media type.",
                    "Unsupported media type \"" + contentType + "\" in request.", null);
        }
        long size = request.getBodySize();
        if (size > MAX_BYTES) {
            return error(400, "invalid", "Invalid input.", "The request payload is " + size
                    + " bytes; the maximum allowed payload size is 5MB.", "/data");
        }
        JsonNode data = JSON.readTree(request.getBody().clone().readUtf8()).path("data");
        if (!data.path("type").asText().equals("profile-bulk-import-job")) {
            return error(400, "invalid", "Invalid input.", "'type' must be 'profile-bulk-import-job'.", "/data/type");
        }
        JsonNode profiles = data.path("attributes").path("profiles").path("data");
        if (!profiles.isArray() || profiles.isEmpty()) {
            return error(400, "invalid", "Invalid input.", "'profiles' must contain at least one profile.",
                    "/data/attributes/profiles/data");
        }
        if (profiles.size() > MAX_PROFILES) {
            return error(400, "invalid", "Invalid input.", "A job accepts at most 10000 profiles; got " + profiles.size() + ".",
                    "/data/attributes/profiles/data");
        }
        List<ObjectNode> accepted = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            if (JSON.writeValueAsBytes(profiles.get(i)).length > MAX_PROFILE_BYTES) {
                return error(400, "invalid", "Invalid input.", "The maximum allowed payload size per profile is 100KB.",
                        "/data/attributes/profiles/data/" + i);
            }
            if (!profiles.get(i).path("type").asText().equals("profile")) {
                return error(400, "invalid", "Invalid input.", "'type' must be 'profile'.",
                        "/data/attributes/profiles/data/" + i + "/type");
            }
            accepted.add((ObjectNode) profiles.get(i).path("attributes"));
        }
        String listId = null;
        JsonNode listRefs = data.path("relationships").path("lists").path("data");
        for (JsonNode ref : listRefs) {
            listId = ref.path("id").asText();
            if (!lists.containsKey(listId)) {
                return error(404, "not_found", "Not found.", "A list with id " + listId + " does not exist.",
                        "/data/relationships/lists/data/0/id");
            }
        }
        Job job = new Job("01JOB" + (++jobSeq) + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT),
                accepted, listId);
        jobs.put(job.id, job);
        return json(202, JSON.createObjectNode().set("data", jobResource(job)));
    }

    /** Polls move a job along: queued, then processing, then complete (when its profiles are imported). */
    private void advance(Job job) {
        if (job.status.equals("complete") || job.status.equals("cancelled")) {
            return;
        }
        job.polls++;
        if (job.polls <= pollsQueued) {
            job.status = "queued";
        } else if (job.polls <= pollsQueued + pollsProcessing) {
            job.status = "processing";
        } else {
            process(job);
            job.status = "complete";
        }
    }

    private void process(Job job) {
        for (int i = 0; i < job.profiles.size(); i++) {
            ObjectNode attributes = job.profiles.get(i);
            String problem = null;
            String pointer = "/data/attributes/profiles/data/" + i + "/attributes";
            String[] rejection = null;
            for (String field : List.of("email", "phone_number", "external_id")) {
                String value = attributes.path(field).asText(null);
                if (value != null && rejection == null && rejections.containsKey(value.toLowerCase(Locale.ROOT))) {
                    rejection = rejections.remove(value.toLowerCase(Locale.ROOT));
                    pointer = pointer + "/" + field;
                }
            }
            if (!attributes.hasNonNull("email") && !attributes.hasNonNull("phone_number") && !attributes.hasNonNull("external_id")) {
                problem = "A profile must have an email, phone_number or external_id.";
            } else if (attributes.hasNonNull("phone_number") && !attributes.get("phone_number").asText().matches("\\+[1-9]\\d{1,14}")) {
                problem = "Invalid phone number format (Example of a valid format: +12345678901).";
            }
            if (rejection != null || problem != null) {
                ObjectNode error = JSON.createObjectNode().put("type", "import-error").put("id", UUID.randomUUID().toString());
                ObjectNode a = error.putObject("attributes");
                a.put("code", rejection != null ? rejection[0] : "invalid").put("title", "Invalid input.")
                        .put("detail", rejection != null ? rejection[1] : problem);
                a.putObject("source").put("pointer", pointer);
                a.set("original_payload", attributes.deepCopy());
                job.errors.add(error);
                continue;
            }
            String id = upsert(attributes);
            if (job.listId != null) {
                lists.get(job.listId).add(id);
            }
        }
    }

    /** Matches an existing profile by email, then phone number, then external id; null values never clear. */
    private String upsert(ObjectNode attributes) {
        String id = null;
        for (String field : List.of("email", "phone_number", "external_id")) {
            String value = attributes.path(field).asText(null);
            if (id == null && value != null) {
                id = profileIdBy(field, value);
            }
        }
        if (id == null) {
            id = "01PROFILE" + (++profileSeq);
            profiles.put(id, JSON.createObjectNode());
        }
        merge(profiles.get(id), attributes);
        return id;
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                return;
            }
            if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, (ObjectNode) e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private MockResponse findProfiles(HttpUrl url) {
        String filter = url.queryParameter("filter");
        Matcher m = filter == null ? null : FILTER.matcher(filter);
        if (m == null || !m.matches()) {
            return error(400, "invalid", "Invalid filter.", "Invalid filter provided: " + filter, null);
        }
        String field = m.group(2);
        Set<String> wanted = new LinkedHashSet<>();
        Matcher q = QUOTED.matcher(m.group(3));
        while (q.find()) {
            wanted.add(q.group(1).toLowerCase(Locale.ROOT));
        }
        String sparse = url.queryParameter("fields[profile]");
        List<ObjectNode> found = new ArrayList<>();
        profiles.forEach((id, attributes) -> {
            String value = attributes.path(field).asText(null);
            if (value != null && wanted.contains(value.toLowerCase(Locale.ROOT))) {
                ObjectNode resource = JSON.createObjectNode().put("type", "profile").put("id", id);
                ObjectNode shown = resource.putObject("attributes");
                attributes.fields().forEachRemaining(e -> {
                    if (sparse == null || List.of(sparse.split(",")).contains(e.getKey())) {
                        shown.set(e.getKey(), e.getValue());
                    }
                });
                found.add(resource);
            }
        });
        return page(url, found);
    }

    private MockResponse removeFromList(RecordedRequest request, Set<String> members) throws Exception {
        JsonNode data = JSON.readTree(request.getBody().clone().readUtf8()).path("data");
        if (!data.isArray()) {
            return error(400, "invalid", "Invalid input.", "'data' must be a list of profiles.", "/data");
        }
        if (data.size() > 1000) {
            return error(400, "invalid", "Invalid input.", "This endpoint accepts a maximum of 1000 profiles per call.", "/data");
        }
        for (JsonNode ref : data) {
            if (!ref.path("type").asText().equals("profile")) {
                return error(400, "invalid", "Invalid input.", "'type' must be 'profile'.", "/data");
            }
        }
        data.forEach(ref -> members.remove(ref.path("id").asText()));
        return new MockResponse().setResponseCode(204);
    }

    /** One page of a collection, with {@code links.next} while more remain. */
    private MockResponse page(HttpUrl url, List<ObjectNode> all) {
        int size;
        int cursor;
        try {
            size = url.queryParameter("page[size]") == null ? 20 : Integer.parseInt(url.queryParameter("page[size]"));
            cursor = url.queryParameter("page[cursor]") == null ? 0 : Integer.parseInt(url.queryParameter("page[cursor]"));
        } catch (NumberFormatException e) {
            return error(400, "invalid", "Invalid input.", "Invalid page parameter.", null);
        }
        if (size < 1 || size > 100) {
            return error(400, "invalid", "Invalid input.", "page[size] must be between 1 and 100.", null);
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        all.subList(Math.min(cursor, all.size()), Math.min(cursor + size, all.size())).forEach(data::add);
        ObjectNode links = body.putObject("links").put("self", url.toString());
        if (cursor + size < all.size()) {
            HttpUrl next = url.newBuilder().setQueryParameter("page[cursor]", String.valueOf(cursor + size)).build();
            links.put("next", linkBase == null ? next.toString() : linkBase + next.encodedPath() + "?" + next.encodedQuery());
        }
        return json(200, body);
    }

    private ObjectNode jobResource(Job job) {
        ObjectNode resource = JSON.createObjectNode().put("type", "profile-bulk-import-job").put("id", job.id);
        ObjectNode a = resource.putObject("attributes");
        boolean done = job.status.equals("complete");
        a.put("status", job.status).put("created_at", "2025-01-15T00:00:00+00:00")
                .put("total_count", job.profiles.size())
                .put("completed_count", done ? job.profiles.size() : 0)
                .put("failed_count", done ? job.errors.size() : 0);
        resource.putObject("links").put("self", "/api/profile-bulk-import-jobs/" + job.id);
        return resource;
    }

    static MockResponse error(int status, String code, String title, String detail, String pointer) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode e = body.putArray("errors").addObject();
        e.put("id", UUID.randomUUID().toString()).put("status", status).put("code", code).put("title", title).put("detail", detail);
        if (pointer != null) {
            e.putObject("source").put("pointer", pointer);
        }
        e.putObject("meta");
        return json(status, body);
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/vnd.api+json")
                .setBody(body.toString());
    }
}
