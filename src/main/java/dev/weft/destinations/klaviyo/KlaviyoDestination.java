package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;
import dev.weft.destinations.identifiers.Normalized;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Klaviyo profiles, upserted through Bulk Import Profiles jobs; with a list, an audience mirrored onto it.
 * Added and changed records go out as import jobs (with the list as the job's relationship when there is
 * one) and stay PENDING until {@link #pollJob} sees the job complete and reads its import errors; removed
 * records are looked up by identifier and taken off the list. Profiles themselves are never deleted.
 *
 * <p>Limits from Klaviyo's reference (https://developers.klaviyo.com/en/reference/bulk_import_profiles and
 * https://github.com/klaviyo/openapi, stable/apis/*.json): an import job holds at most 10,000 profiles and
 * 5 MB, at most 100 KB per profile; Remove Profiles from List takes at most 1,000 ids; collections page by
 * at most 100.
 */
final class KlaviyoDestination implements Destination {

    static final String VENDOR = "Klaviyo";
    static final int MAX_PROFILES_PER_JOB = 10_000;
    /** "5MB" read as 5,000,000 bytes, which respects both readings of a megabyte. */
    static final int MAX_JOB_BYTES = 5_000_000;
    /** "100KB" per profile, read as 100,000 bytes for the same reason. */
    static final int MAX_PROFILE_BYTES = 100_000;
    static final int MAX_REMOVALS_PER_CALL = 1_000;
    static final int PAGE_SIZE = 100;
    static final MediaType JSON_API = MediaType.get("application/vnd.api+json");

    private final KlaviyoApi api;
    private final HttpUrl baseUrl;
    private final String identifier;
    private final KlaviyoProfiles profiles;
    private final String listId;
    private final Capabilities capabilities;
    /** Which record keys each open job carries, by normalized identifier, to map import errors back to rows. */
    private final Map<String, Map<String, List<String>>> jobKeys = new ConcurrentHashMap<>();

    KlaviyoDestination(String baseUrl, String apiKey, String revision, String identifier, String defaultCountry,
                       String listId, Capabilities capabilities) {
        this.baseUrl = HttpUrl.get(baseUrl);
        this.identifier = identifier;
        this.profiles = new KlaviyoProfiles(identifier, defaultCountry);
        this.listId = listId;
        this.capabilities = capabilities;
        this.api = VendorHttp.api(KlaviyoApi.class, baseUrl, Map.of("Authorization", "Klaviyo-API-Key " + apiKey,
                "revision", revision, "Accept", JSON_API.toString()));
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** A profile that passed the checks, with its serialized size for splitting batches into jobs. */
    private record Prepared(String key, String identifierValue, ObjectNode resource, int bytes) {
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_PROFILES_PER_JOB, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<Prepared> imports = new ArrayList<>();
        Set<String> removals = new LinkedHashSet<>();
        for (SyncRecord r : batch.records()) {
            if (r.operation() == Operation.REMOVE) {
                RecordResult refused = queueRemoval(r, removals);
                results.put(r.key(), refused != null ? refused : RecordResult.ok(r.key()));
                continue;
            }
            KlaviyoProfiles.Built built = profiles.build(r);
            if (built.problem() != null) {
                results.put(r.key(), RecordResult.permanent(r.key(), built.problem()));
                continue;
            }
            int bytes = bytes(built.resource()).length;
            if (bytes > MAX_PROFILE_BYTES) {
                results.put(r.key(), RecordResult.permanent(r.key(), "the profile is " + bytes
                        + " bytes; Klaviyo imports at most 100 KB per profile"));
                continue;
            }
            results.put(r.key(), null); // keeps the batch's order; the job id fills it in below
            imports.add(new Prepared(r.key(), built.identifierValue(), built.resource(), bytes));
        }
        for (List<Prepared> job : splitIntoJobs(imports)) {
            String jobId = submit(job);
            job.forEach(p -> results.put(p.key(), RecordResult.pending(p.key(), jobId)));
        }
        if (!removals.isEmpty()) {
            removeFromList(removals);
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    /** Adds the record's identifier to {@code removals}, or says why the record cannot be removed. */
    private RecordResult queueRemoval(SyncRecord r, Set<String> removals) {
        if (listId == null) {
            return RecordResult.permanent(r.key(), "Klaviyo profile syncs never delete profiles; set list-id to sync an audience to a list");
        }
        KlaviyoProfiles.Checked id = profiles.identifierOf(r);
        if (!id.valid()) {
            return RecordResult.permanent(r.key(), id.problem());
        }
        if (id.value().contains("\"")) {
            return RecordResult.permanent(r.key(), "'" + identifier + "' contains a double quote, so it cannot be looked "
                    + "up: Klaviyo's filter syntax documents no way to escape one");
        }
        removals.add(id.value());
        return null;
    }

    /** Groups profiles into jobs of at most 10,000 profiles and 5 MB of request body each. */
    private List<List<Prepared>> splitIntoJobs(List<Prepared> profiles) {
        int envelope = bytes(jobBody(List.of())).length;
        List<List<Prepared>> jobs = new ArrayList<>();
        List<Prepared> current = new ArrayList<>();
        long size = envelope;
        for (Prepared p : profiles) {
            int added = p.bytes() + (current.isEmpty() ? 0 : 1); // the comma between array elements
            if (!current.isEmpty() && (current.size() == MAX_PROFILES_PER_JOB || size + added > MAX_JOB_BYTES)) {
                jobs.add(current);
                current = new ArrayList<>();
                size = envelope;
                added = p.bytes();
            }
            current.add(p);
            size += added;
        }
        if (!current.isEmpty()) {
            jobs.add(current);
        }
        return jobs;
    }

    private ObjectNode jobBody(List<ObjectNode> profiles) {
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        ObjectNode data = body.putObject("data").put("type", "profile-bulk-import-job");
        data.putObject("attributes").putObject("profiles").putArray("data").addAll(profiles);
        if (listId != null) {
            data.putObject("relationships").putObject("lists").putArray("data")
                    .addObject().put("type", "list").put("id", listId);
        }
        return body;
    }

    private String submit(List<Prepared> job) {
        byte[] body = bytes(jobBody(job.stream().map(Prepared::resource).toList()));
        JsonNode answer = call(api.createImportJob(RequestBody.create(body, JSON_API)));
        String jobId = VendorHttp.text(answer == null ? null : answer.path("data"), "id");
        if (jobId == null) {
            throw DestinationException.retryable("Klaviyo accepted an import job without telling its id", null);
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        job.forEach(p -> keys.computeIfAbsent(p.identifierValue(), v -> new ArrayList<>()).add(p.key()));
        jobKeys.put(jobId, keys);
        return jobId;
    }

    @Override
    public JobStatus pollJob(String jobId) {
        Response<JsonNode> response = VendorHttp.execute(VENDOR, api.importJob(jobId));
        if (response.code() == 404) {
            return finish(jobId, JobStatus.State.FAILED, "Klaviyo no longer knows import job " + jobId
                    + " (jobs expire); its profiles are sent again", List.of());
        }
        if (!response.isSuccessful()) {
            throw failure(response);
        }
        JsonNode attributes = response.body() == null ? null : response.body().path("data").path("attributes");
        String status = VendorHttp.text(attributes, "status");
        if (status == null) {
            throw DestinationException.retryable("Klaviyo reported no status for import job " + jobId, null);
        }
        String progress = attributes.path("completed_count").asLong(0) + " of " + attributes.path("total_count").asLong(0)
                + " profiles done";
        return switch (status) {
            case "queued" -> new JobStatus(jobId, JobStatus.State.SUBMITTED, "queued", List.of());
            case "processing" -> new JobStatus(jobId, JobStatus.State.PROCESSING, "processing, " + progress, List.of());
            case "complete" -> completed(jobId, attributes);
            case "cancelled" -> finish(jobId, JobStatus.State.FAILED, "import job " + jobId + " was cancelled", List.of());
            default -> finish(jobId, JobStatus.State.FAILED, "import job " + jobId + " has status '" + status
                    + "', which Klaviyo does not document", List.of());
        };
    }

    /**
     * A complete job: every profile imported except those in its import errors, which are matched back to
     * rows by the identifier in their {@code original_payload}. When that is impossible (this process did not
     * submit the job, or an error names no profile it sent) the whole job is FAILED, so its rows are sent
     * again; an upsert sent twice changes nothing.
     */
    private JobStatus completed(String jobId, JsonNode attributes) {
        long failed = attributes.path("failed_count").asLong(0);
        long total = attributes.path("total_count").asLong(0);
        if (failed == 0) {
            return finish(jobId, JobStatus.State.DONE, "complete: " + total + " profiles imported", List.of());
        }
        Map<String, List<String>> keys = jobKeys.get(jobId);
        if (keys == null) {
            return finish(jobId, JobStatus.State.FAILED, failed + " of " + total + " profiles failed in import job "
                    + jobId + "; which rows they were is unknown after a restart, so all are sent again", List.of());
        }
        List<JsonNode> errors = importErrors(jobId);
        Map<String, RecordResult> failures = new LinkedHashMap<>();
        int unmatched = 0;
        for (JsonNode error : errors) {
            JsonNode e = error.path("attributes");
            List<String> rows = keys.getOrDefault(identifierIn(e.path("original_payload")), List.of());
            if (rows.isEmpty()) {
                unmatched++;
            }
            String message = describe(e);
            rows.forEach(key -> failures.putIfAbsent(key, RecordResult.permanent(key, message)));
        }
        if (unmatched > 0 || errors.size() < failed) {
            return finish(jobId, JobStatus.State.FAILED, failed + " of " + total + " profiles failed in import job "
                    + jobId + " and " + (unmatched > 0 ? unmatched + " import errors name no profile it sent"
                    : "Klaviyo listed only " + errors.size() + " import errors") + "; all are sent again", List.of());
        }
        return finish(jobId, JobStatus.State.DONE, "complete: " + (total - failed) + " of " + total + " profiles imported",
                List.copyOf(failures.values()));
    }

    private JobStatus finish(String jobId, JobStatus.State state, String message, List<RecordResult> failures) {
        jobKeys.remove(jobId);
        return new JobStatus(jobId, state, message, failures);
    }

    private List<JsonNode> importErrors(String jobId) {
        List<JsonNode> errors = new ArrayList<>();
        JsonNode page = call(api.importErrors(jobId, PAGE_SIZE));
        while (page != null) {
            page.path("data").forEach(errors::add);
            page = next(page);
        }
        return errors;
    }

    /** The normalized identifier of the profile an import error is about (its payload's attributes, or itself). */
    private String identifierIn(JsonNode originalPayload) {
        JsonNode attributes = originalPayload.has("attributes") ? originalPayload.path("attributes") : originalPayload;
        return profiles.normalize(identifier, VendorHttp.text(attributes, identifier)) instanceof Normalized.Valid valid
                ? valid.value() : null;
    }

    /** An import error as "detail (code at pointer)", Klaviyo's own words. */
    private static String describe(JsonNode error) {
        String detail = VendorHttp.text(error, "detail");
        String title = VendorHttp.text(error, "title");
        String code = VendorHttp.text(error, "code");
        String pointer = VendorHttp.text(error.path("source"), "pointer");
        return "Klaviyo could not import the profile: " + (detail != null ? detail : title)
                + " (" + code + (pointer != null ? " at " + pointer : "") + ")";
    }

    /**
     * Finds the listed profiles by identifier (100 per lookup, the most a page holds) and takes them off the
     * list, 1,000 per call. A profile Klaviyo does not have is not on the list either, so its row is done too.
     */
    private void removeFromList(Set<String> removals) {
        List<String> values = new ArrayList<>(removals);
        Set<String> profileIds = new LinkedHashSet<>();
        for (int from = 0; from < values.size(); from += PAGE_SIZE) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + PAGE_SIZE));
            String filter = "any(" + identifier + ",[" + chunk.stream().map(v -> "\"" + v + "\"")
                    .collect(Collectors.joining(",")) + "])";
            JsonNode page = call(api.profiles(filter, identifier, PAGE_SIZE));
            while (page != null) {
                page.path("data").forEach(profile -> profileIds.add(profile.path("id").asText()));
                page = next(page);
            }
        }
        List<String> ids = new ArrayList<>(profileIds);
        for (int from = 0; from < ids.size(); from += MAX_REMOVALS_PER_CALL) {
            ObjectNode body = VendorHttp.JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            ids.subList(from, Math.min(ids.size(), from + MAX_REMOVALS_PER_CALL))
                    .forEach(id -> data.addObject().put("type", "profile").put("id", id));
            call(api.removeFromList(listId, RequestBody.create(bytes(body), JSON_API)));
        }
    }

    /**
     * The collection's next page, or null on the last. The link is followed only on Klaviyo's own host: the
     * API key goes with every request.
     */
    private JsonNode next(JsonNode page) {
        String next = VendorHttp.text(page.path("links"), "next");
        if (next == null || next.isBlank()) {
            return null;
        }
        HttpUrl url = baseUrl.resolve(next);
        if (url == null || !url.scheme().equals(baseUrl.scheme()) || !url.host().equals(baseUrl.host())
                || url.port() != baseUrl.port()) {
            throw DestinationException.permanent("Klaviyo's next-page link " + next + " leaves " + baseUrl.host()
                    + "; not following it with the API key");
        }
        return call(api.page(url.toString()));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return VendorHttp.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static <T> T call(Call<T> call) {
        Response<T> response = VendorHttp.execute(VENDOR, call);
        if (!response.isSuccessful()) {
            throw failure(response);
        }
        return response.body();
    }

    /**
     * A non-2xx answer with Klaviyo's {@code errors[]} summarized (code, detail, pointer): 429 retryable after
     * its {@code Retry-After}, 5xx retryable, 401/403 a refused key (or a key without the scope), others permanent.
     */
    static DestinationException failure(Response<?> response) {
        int code = response.code();
        String detail = summarize(VendorHttp.errorText(response));
        String message = "Klaviyo answered HTTP " + code + (detail.isEmpty() ? "" : ": " + detail);
        if (code == 429) {
            return DestinationException.rateLimited(message, VendorHttp.retryAfter(response.headers()));
        }
        if (code >= 500) {
            return new DestinationException(message, true, VendorHttp.retryAfter(response.headers()), null);
        }
        if (code == 401 || code == 403) {
            return DestinationException.accessRefused("Klaviyo refused the API key (HTTP " + code + ")"
                    + (detail.isEmpty() ? "" : ": " + detail)
                    + "; it must be a private key with Profiles and Lists full access");
        }
        return DestinationException.permanent(message);
    }

    private static String summarize(String errorBody) {
        try {
            JsonNode errors = VendorHttp.JSON.readTree(errorBody).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : errors) {
                    String pointer = VendorHttp.text(e.path("source"), "pointer");
                    parts.add(VendorHttp.text(e, "code") + ": " + VendorHttp.text(e, "detail")
                            + (pointer != null ? " (at " + pointer + ")" : ""));
                }
                return String.join("; ", parts);
            }
        } catch (JsonProcessingException notJson) {
            // a proxy's page or a truncated body: shown as it came
        }
        return errorBody;
    }

    @Override
    public ConnectionCheck test() {
        try {
            if (listId != null) {
                JsonNode list = call(api.list(listId));
                String name = VendorHttp.text(list == null ? null : list.path("data").path("attributes"), "name");
                return ConnectionCheck.ok("Klaviyo accepted the API key; list " + listId + " is '" + name + "'");
            }
            call(api.importJobs(1));
            return ConnectionCheck.ok("Klaviyo accepted the API key and lets it read import jobs");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
