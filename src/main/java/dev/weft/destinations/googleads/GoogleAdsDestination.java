package dev.weft.destinations.googleads;

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
import retrofit2.Call;
import retrofit2.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Members of one Customer Match user list, uploaded as OfflineUserDataJobs. Each batch is one job: the
 * list is first checked for a job still PENDING or RUNNING (jobs on one list must not overlap), then the
 * job is created, the members are added in requests of at most {@link #OPERATIONS_PER_REQUEST} operations
 * with partial failure on (rejected members are reported at once), and the job is run. Its members stay
 * PENDING with the job's resource name as job id until {@link #pollJob} sees it SUCCESS or FAILED; the
 * resource name names the customer, so any instance can poll it.
 */
final class GoogleAdsDestination implements Destination {

    static final String VENDOR = "Google Ads";
    /**
     * Operations per addOperations request: the API's per-request operation limit (best-practices/quotas:
     * 10,000 operations per request) and, with at most four identifiers per member, well under the 100,000
     * user identifiers one request may carry (OfflineUserDataJobError.TOO_MANY_USER_IDENTIFIERS).
     */
    static final int OPERATIONS_PER_REQUEST = 10_000;
    /** Members per batch, so per job: Google advises few large jobs over many small ones; a batch is held in memory. */
    static final int MAX_BATCH = 100_000;
    /**
     * A job Weft created is PENDING only between its create and run calls of one send (seconds, at most a few
     * minutes); one PENDING for longer belongs to a send that failed before running it, and never runs.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(15);

    private static final Pattern JOB = Pattern.compile("customers/(\\d+)/offlineUserDataJobs/(\\d+)");

    private final GoogleAdsApi api;
    private final String version;
    private final String customerId;
    private final String userList;
    private final String defaultCountry;
    private final JsonNode consent;
    private final Capabilities capabilities;
    private final Clock clock;

    /** One member to upload: its record key and its user identifiers. */
    private record Member(String key, ArrayNode identifiers) {
    }

    /**
     * @param userList       the list's resource name, {@code customers/{customerId}/userLists/{listId}}
     * @param defaultCountry ISO 3166-1 alpha-2 code for national phone numbers and addresses without a country, or null
     * @param consent        the {@code consent} of create jobs ({@code adUserData}, {@code adPersonalization}), or null
     */
    GoogleAdsDestination(GoogleAdsApi api, String version, String customerId, String userList, String defaultCountry,
                         JsonNode consent, Capabilities capabilities, Clock clock) {
        this.api = api;
        this.version = version;
        this.customerId = customerId;
        this.userList = userList;
        this.defaultCountry = defaultCountry;
        this.consent = consent;
        this.capabilities = capabilities;
        this.clock = clock;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BatchResult send(Batch batch) {
        VendorHttp.requireBatchWithin(batch, MAX_BATCH, VENDOR);
        Map<String, RecordResult> results = new LinkedHashMap<>();
        List<Member> creates = new ArrayList<>();
        List<Member> removes = new ArrayList<>();
        for (SyncRecord r : batch.records()) {
            UserIdentifiers.Built built = UserIdentifiers.of(r.fields(), defaultCountry);
            if (built.identifiers().isEmpty()) {
                results.put(r.key(), RecordResult.permanent(r.key(), built.whyNone()));
                continue;
            }
            results.put(r.key(), null); // keeps the batch's order; filled in below
            (r.operation() == Operation.REMOVE ? removes : creates).add(new Member(r.key(), built.identifiers()));
        }
        if (!creates.isEmpty()) {
            // One job may not mix them (OfflineUserDataJobError.CONFLICTING_OPERATION), and a second job would overlap.
            removes.forEach(m -> results.put(m.key(), RecordResult.retryable(m.key(), "Google Ads takes removals in a "
                    + "job of their own (it refuses creates and removes in one job); sent again in a later batch")));
        }
        List<Member> members = creates.isEmpty() ? removes : creates;
        if (!members.isEmpty()) {
            String operation = creates.isEmpty() ? "remove" : "create";
            requireNoOpenJob();
            String job = createJob(operation);
            for (int from = 0; from < members.size(); from += OPERATIONS_PER_REQUEST) {
                results.putAll(addOperations(job, operation, members.subList(from, Math.min(members.size(), from + OPERATIONS_PER_REQUEST))));
            }
            // Run even if every operation was rejected: Google then ends the job SUCCESS with nothing to do,
            // rather than leaving it PENDING in front of the list's next job.
            call(api.runJob(version, job, VendorHttp.JSON.createObjectNode()));
            results.replaceAll((key, result) -> result == null ? RecordResult.pending(key, job) : result);
        }
        return new BatchResult(List.copyOf(results.values()));
    }

    /** Refuses (retryably) to start a job while another job of the list is PENDING or RUNNING. */
    private void requireNoOpenJob() {
        String query = "SELECT offline_user_data_job.resource_name, offline_user_data_job.status, offline_user_data_job.external_id"
                + " FROM offline_user_data_job"
                + " WHERE offline_user_data_job.customer_match_user_list_metadata.user_list = '" + userList + "'"
                + " AND offline_user_data_job.status IN ('PENDING', 'RUNNING')";
        for (JsonNode row : search(customerId, query)) {
            JsonNode job = row.path("offlineUserDataJob");
            String status = job.path("status").asText();
            if (status.equals("PENDING") && abandoned(job)) {
                continue;
            }
            throw DestinationException.retryable("Google Ads user list " + userList + " has a job that is still " + status
                    + " (" + job.path("resourceName").asText() + "); jobs on one list must not overlap, so this batch "
                    + "waits until it finishes", null);
        }
    }

    /** Whether a PENDING job is one Weft created (its externalId is its creation time) long enough ago to be abandoned. */
    private boolean abandoned(JsonNode job) {
        try {
            Instant created = Instant.ofEpochMilli(Long.parseLong(job.path("externalId").asText()));
            return created.isBefore(clock.instant().minus(ABANDONED_AFTER));
        } catch (NumberFormatException noCreationTime) {
            return false; // another tool's job without a time: wait for it
        }
    }

    private String createJob(String operation) {
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        ObjectNode job = body.putObject("job");
        job.put("type", "CUSTOMER_MATCH_USER_LIST");
        job.put("externalId", String.valueOf(clock.millis()));
        ObjectNode metadata = job.putObject("customerMatchUserListMetadata");
        metadata.put("userList", userList);
        if (consent != null && operation.equals("create")) {
            metadata.set("consent", consent); // consent concerns adding people; removals need none
        }
        String resourceName = VendorHttp.text(call(api.createJob(version, customerId, body)), "resourceName");
        if (resourceName == null || !JOB.matcher(resourceName).matches()) {
            throw DestinationException.retryable("Google Ads created an offline user data job without a resource name", null);
        }
        return resourceName;
    }

    /** Adds one request's operations; returns the results of the members Google rejected (the rest were accepted). */
    private Map<String, RecordResult> addOperations(String job, String operation, List<Member> members) {
        ObjectNode body = VendorHttp.JSON.createObjectNode();
        body.put("enablePartialFailure", true);
        ArrayNode operations = body.putArray("operations");
        members.forEach(m -> operations.addObject().putObject(operation).set("userIdentifiers", m.identifiers()));
        JsonNode answer = call(api.addOperations(version, job, body));
        JsonNode partialFailure = answer == null ? null : answer.get("partialFailureError");
        Map<String, RecordResult> rejected = new LinkedHashMap<>();
        if (partialFailure == null || partialFailure.path("code").asInt(0) == 0) {
            return rejected;
        }
        Map<Integer, List<GoogleAdsErrors.Error>> byOperation = new TreeMap<>();
        List<GoogleAdsErrors.Error> unplaced = new ArrayList<>();
        for (GoogleAdsErrors.Error error : GoogleAdsErrors.errors(partialFailure)) {
            if (error.operationIndex() >= 0 && error.operationIndex() < members.size()) {
                byOperation.computeIfAbsent(error.operationIndex(), i -> new ArrayList<>()).add(error);
            } else {
                unplaced.add(error);
            }
        }
        if (byOperation.isEmpty()) {
            // Google documents partial failures as errors inside operations; one that names none leaves us no
            // way to tell which members got in, so all of this request's members are tried again.
            String message = unplaced.isEmpty() ? partialFailure.path("message").asText("partial failure")
                    : unplaced.stream().map(GoogleAdsErrors.Error::text).collect(Collectors.joining("; "));
            members.forEach(m -> rejected.put(m.key(), RecordResult.retryable(m.key(), message)));
            return rejected;
        }
        byOperation.forEach((index, errors) -> {
            String key = members.get(index).key();
            String message = errors.stream().map(GoogleAdsErrors.Error::text).distinct().collect(Collectors.joining("; "));
            rejected.put(key, errors.stream().allMatch(GoogleAdsErrors.Error::retryable)
                    ? RecordResult.retryable(key, message) : RecordResult.permanent(key, message));
        });
        return rejected;
    }

    @Override
    public JobStatus pollJob(String jobId) {
        Matcher name = JOB.matcher(jobId);
        if (!name.matches()) {
            throw DestinationException.permanent("'" + jobId + "' is not a Google Ads offline user data job "
                    + "(customers/{customerId}/offlineUserDataJobs/{jobId})");
        }
        List<JsonNode> rows = search(name.group(1), "SELECT offline_user_data_job.resource_name, offline_user_data_job.status,"
                + " offline_user_data_job.failure_reason, offline_user_data_job.operation_metadata.match_rate_range"
                + " FROM offline_user_data_job WHERE offline_user_data_job.resource_name = '" + jobId + "'");
        if (rows.isEmpty()) {
            return new JobStatus(jobId, JobStatus.State.FAILED, "Google Ads has no job " + jobId, List.of());
        }
        JsonNode job = rows.get(0).path("offlineUserDataJob");
        String status = job.path("status").asText();
        return switch (status) {
            case "PENDING" -> new JobStatus(jobId, JobStatus.State.SUBMITTED, status, List.of());
            case "SUCCESS" -> new JobStatus(jobId, JobStatus.State.DONE, status + matchRate(job), List.of());
            // Google: "some operations may have been successfully processed"; resending all is harmless.
            case "FAILED" -> new JobStatus(jobId, JobStatus.State.FAILED, "Google Ads job " + jobId + " FAILED (failure reason "
                    + job.path("failureReason").asText("UNSPECIFIED") + ")" + matchRate(job), List.of());
            default -> new JobStatus(jobId, JobStatus.State.PROCESSING, status, List.of()); // RUNNING
        };
    }

    private static String matchRate(JsonNode job) {
        String range = job.path("operationMetadata").path("matchRateRange").asText("");
        return range.isEmpty() ? "" : ", match rate " + range;
    }

    /** Checks the credentials and that the list exists and takes Customer Match uploads: one search. */
    @Override
    public ConnectionCheck test() {
        try {
            List<JsonNode> rows = search(customerId, "SELECT user_list.resource_name, user_list.name, user_list.type"
                    + " FROM user_list WHERE user_list.resource_name = '" + userList + "'");
            if (rows.isEmpty()) {
                List<String> customerLists = search(customerId, "SELECT user_list.id, user_list.name FROM user_list"
                        + " WHERE user_list.type = 'CRM_BASED'").stream()
                        .map(row -> row.path("userList").path("id").asText() + " '" + row.path("userList").path("name").asText() + "'")
                        .toList();
                return ConnectionCheck.failed("Google Ads customer " + customerId + " has no user list " + userList
                        + " that these credentials can see; its customer lists: "
                        + (customerLists.isEmpty() ? "none" : String.join(", ", customerLists)));
            }
            JsonNode list = rows.get(0).path("userList");
            String type = list.path("type").asText();
            if (!type.equals("CRM_BASED")) {
                return ConnectionCheck.failed("user list '" + list.path("name").asText() + "' is a " + type
                        + " list; Customer Match uploads go to a customer list (CRM_BASED)");
            }
            return ConnectionCheck.ok("customer list '" + list.path("name").asText() + "' (" + userList + ") is reachable");
        } catch (DestinationException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    /** Every row a GAQL query returns, following {@code nextPageToken}. */
    private List<JsonNode> search(String customer, String query) {
        List<JsonNode> rows = new ArrayList<>();
        String pageToken = null;
        do {
            ObjectNode body = VendorHttp.JSON.createObjectNode().put("query", query);
            if (pageToken != null) {
                body.put("pageToken", pageToken);
            }
            JsonNode page = call(api.search(version, customer, body));
            if (page == null) {
                break;
            }
            page.path("results").forEach(rows::add);
            pageToken = VendorHttp.text(page, "nextPageToken");
        } while (pageToken != null && !pageToken.isEmpty());
        return rows;
    }

    private static JsonNode call(Call<JsonNode> call) {
        Response<JsonNode> response = VendorHttp.execute(VENDOR, call);
        if (!response.isSuccessful()) {
            throw GoogleAdsErrors.failure(response);
        }
        return response.body();
    }
}
