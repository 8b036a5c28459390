package dev.weft.destinations.salesforce;

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
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upserts records of one Salesforce object on an external ID field. Batches below the bulk threshold go
 * through sObject Collections (200 records per request, {@code allOrNone=false}, one result per record
 * in request order); batches at or above it become one Bulk API 2.0 ingest job (create, upload CSV,
 * UploadComplete), whose records stay PENDING until {@link #pollJob} sees the job finish and reads its
 * failed results.
 */
final class SalesforceDestination implements Destination {

    static final String VENDOR = "Salesforce";
    /** sObject Collections take at most 200 records per request. */
    static final int COLLECTION_LIMIT = 200;
    /** Per-record status codes that mean "busy, try again" rather than "this record is wrong". */
    private static final Set<String> RETRYABLE_CODES = Set.of("UNABLE_TO_LOCK_ROW");
    private static final MediaType CSV = MediaType.get("text/csv");

    private final String version;
    private final String object;
    private final String externalIdField;
    private final int bulkThreshold;
    private final Capabilities capabilities;
    private final SalesforceSession session;
    private final OkHttpClient http;
    private SalesforceApi api;
    /** Which record keys each open bulk job carries, by external ID value, to map failed rows back. */
    private final Map<String, Map<String, List<String>>> jobKeys = new ConcurrentHashMap<>();

    SalesforceDestination(SalesforceSession session, String version, String object, String externalIdField,
                          int bulkThreshold, Capabilities capabilities) {
        this.session = session;
        this.version = version;
        this.object = object;
        this.externalIdField = externalIdField;
        this.bulkThreshold = bulkThreshold;
        this.capabilities = capabilities;
        this.http = VendorHttp.client().addInterceptor(session).authenticator(session).build();
    }

    /** The API on the org's instance URL, which only the first token response tells. */
    private synchronized SalesforceApi api() {
        if (api == null) {
            api = VendorHttp.retrofit(withSlash(session.instanceUrl()), http).create(SalesforceApi.class);
        }
        return api;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, capabilities.maxBatchSize(), VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<SyncRecord> upserts = new ArrayList<>();
        for (SyncRecord r : batch.records()) {
            Object id = r.fields().get(externalIdField);
            if (r.operation() == Operation.REMOVE) {
                results.put(r.key(), RecordResult.permanent(r.key(), "Salesforce syncs never delete records"));
            } else if (id == null || id.toString().isBlank()) {
                results.put(r.key(), RecordResult.permanent(r.key(), "missing the external ID field '" + externalIdField + "'"));
            } else {
                results.put(r.key(), null); // keeps the batch's order; filled in below
                upserts.add(r);
            }
        }
        if (bulkThreshold > 0 && upserts.size() >= bulkThreshold) {
            String jobId = submitBulkJob(upserts);
            upserts.forEach(r -> results.put(r.key(), RecordResult.pending(r.key(), jobId)));
        } else {
            for (int from = 0; from < upserts.size(); from += COLLECTION_LIMIT) {
                List<SyncRecord> chunk = upserts.subList(from, Math.min(upserts.size(), from + COLLECTION_LIMIT));
                upsertCollection(chunk).forEach(r -> results.put(r.key(), r));
            }
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    private List<RecordResult> upsertCollection(List<SyncRecord> records) {
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        body.put("allOrNone", false);
        ArrayNode list = body.putArray("records");
        for (SyncRecord r : records) {
            ObjectNode sobject = list.addObject();
            sobject.putObject("attributes").put("type", object);
            r.fields().forEach((name, value) -> sobject.set(name, VendorHttp.JSON.valueToTree(value)));
        }
        JsonNode answer = call(api().upsertCollection(version, object, externalIdField, body));
        if (answer == null || !answer.isArray() || answer.size() != records.size()) {
            throw DestinationException.retryable("Salesforce answered " + (answer == null ? 0 : answer.size())
                    + " results for " + records.size() + " records", null);
        }
        List<RecordResult> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).key();
            JsonNode result = answer.get(i);
            if (result.path("success").asBoolean(false)) {
                results.add(RecordResult.ok(key));
                continue;
            }
            JsonNode error = result.path("errors").path(0);
            String code = VendorHttp.text(error, "statusCode");
            String message = (code == null ? "" : code + ": ") + VendorHttp.text(error, "message");
            results.add(code != null && RETRYABLE_CODES.contains(code)
                    ? RecordResult.retryable(key, message) : RecordResult.permanent(key, message));
        }
        return results;
    }

    private String submitBulkJob(List<SyncRecord> records) {
        ObjectNode job = VendorHttp.JSON.createObjectNode();
        job.put("object", object);
        job.put("externalIdFieldName", externalIdField);
        job.put("contentType", "CSV");
        job.put("operation", "upsert");
        job.put("lineEnding", "LF");
        job.put("columnDelimiter", "COMMA");
        String jobId = VendorHttp.text(call(api().createIngestJob(version, job)), "id");
        if (jobId == null) {
            throw DestinationException.retryable("Salesforce created an ingest job without an id", null);
        }
        Map<String, List<String>> keys = new HashMap<>();
        records.forEach(r -> keys.computeIfAbsent(r.fields().get(externalIdField).toString(), k -> new ArrayList<>()).add(r.key()));
        jobKeys.put(jobId, keys);
        call(api().uploadJobData(version, jobId, RequestBody.create(BulkCsv.write(records), CSV)));
        call(api().setJobState(version, jobId, VendorHttp.JSON.createObjectNode().put("state", "UploadComplete")));
        return jobId;
    }

    @Override
    public JobStatus pollJob(String jobId) {
        JsonNode job = call(api().ingestJob(version, jobId));
        String state = VendorHttp.text(job, "state");
        if (state == null) {
            throw DestinationException.retryable("Salesforce reported no state for ingest job " + jobId, null);
        }
        return switch (state) {
            case "Open", "UploadComplete" -> new JobStatus(jobId, JobStatus.State.SUBMITTED, state, List.of());
            case "InProgress" -> new JobStatus(jobId, JobStatus.State.PROCESSING, state, List.of());
            case "JobComplete" -> completed(jobId, job);
            case "Aborted" -> finish(jobId, JobStatus.State.FAILED, "ingest job " + jobId + " was aborted");
            default -> finish(jobId, JobStatus.State.FAILED, "ingest job " + jobId + " " + state + ": "
                    + VendorHttp.text(job, "errorMessage"));
        };
    }

    private JobStatus completed(String jobId, JsonNode job) {
        if (job.path("numberRecordsFailed").asLong(0) == 0) {
            return finish(jobId, JobStatus.State.DONE, "JobComplete");
        }
        Map<String, List<String>> keys = jobKeys.get(jobId);
        if (keys == null) {
            // This process did not submit the job (restarted since): failed rows cannot be told apart,
            // so none is marked synced and the next run sends them again (upserts are idempotent).
            return new JobStatus(jobId, JobStatus.State.FAILED, job.path("numberRecordsFailed").asLong()
                    + " records failed in ingest job " + jobId + "; their keys are unknown after a restart", List.of());
        }
        List<List<String>> rows = BulkCsv.read(text(call(api().failedResults(version, jobId))));
        List<RecordResult> failures = new ArrayList<>();
        if (!rows.isEmpty()) {
            List<String> header = rows.get(0);
            int error = header.indexOf("sf__Error");
            int id = header.indexOf(externalIdField);
            for (List<String> row : rows.subList(1, rows.size())) {
                String message = error >= 0 && error < row.size() ? row.get(error) : "failed in ingest job " + jobId;
                String code = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
                for (String key : id >= 0 && id < row.size() ? keys.getOrDefault(row.get(id), List.of()) : List.<String>of()) {
                    failures.add(RETRYABLE_CODES.contains(code)
                            ? RecordResult.retryable(key, message) : RecordResult.permanent(key, message));
                }
            }
        }
        return finish(jobId, JobStatus.State.DONE, "JobComplete", failures);
    }

    private JobStatus finish(String jobId, JobStatus.State state, String message) {
        return finish(jobId, state, message, List.of());
    }

    private JobStatus finish(String jobId, JobStatus.State state, String message, List<RecordResult> failures) {
        jobKeys.remove(jobId);
        return new JobStatus(jobId, state, message, failures);
    }

    private static String text(ResponseBody body) {
        try (body) {
            return body == null ? "" : body.string();
        } catch (IOException e) {
            throw new DestinationException("could not read Salesforce's failed results: " + e.getMessage(), true, null, e);
        }
    }

    /** One call; a 403 REQUEST_LIMIT_EXCEEDED (the org's 24-hour allocation is spent) is retryable later. */
    private static <T> T call(retrofit2.Call<T> call) {
        Response<T> response = VendorHttp.execute(VENDOR, call);
        if (response.isSuccessful()) {
            return response.body();
        }
        DestinationException failure = VendorHttp.failure(VENDOR, response);
        if (response.code() == 403 && failure.getMessage().contains("REQUEST_LIMIT_EXCEEDED")) {
            throw DestinationException.rateLimited(failure.getMessage(), null);
        }
        throw failure;
    }

    @Override
    public ConnectionCheck test() {
        try {
            call(api().limits(version));
            return ConnectionCheck.ok("Salesforce issued a token and the org's limits are readable");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
