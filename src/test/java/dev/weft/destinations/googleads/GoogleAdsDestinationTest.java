package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.weft.destinations.googleads.GoogleAdsDestinationContractTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoogleAdsDestinationTest {

    private MockWebServer server;
    private FakeGoogleAds google;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        google = new FakeGoogleAds();
        server.setDispatcher(google);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open() {
        return open(Map.of(), Map.of(), Map.of());
    }

    private Destination open(Map<String, String> settings, Map<String, String> secrets, Map<String, String> options) {
        return new GoogleAdsDestinationProvider().open(connection(settings, secrets), withList(options));
    }

    private DestinationConnection connection(Map<String, String> settings, Map<String, String> secrets) {
        Map<String, String> allSettings = new HashMap<>(Map.of("base-url", server.url("/").toString(),
                "token-url", server.url("/token").toString(), "customer-id", "123-456-7890"));
        allSettings.putAll(settings);
        Map<String, String> allSecrets = new HashMap<>(Map.of("client-id", FakeGoogleAds.CLIENT_ID,
                "client-secret", FakeGoogleAds.CLIENT_SECRET, "refresh-token", FakeGoogleAds.REFRESH_TOKEN));
        allSecrets.putAll(secrets);
        return new DestinationConnection("c1", "ads", "google-ads", allSettings, allSecrets);
    }

    private static Map<String, String> withList(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of("user-list-id", FakeGoogleAds.LIST_ID));
        all.putAll(options);
        return all;
    }

    private static SyncRecord member(int i, Operation operation) {
        return new SyncRecord("key-" + i, operation, Map.of("email", "user" + i + "@example.com"));
    }

    private static Batch batch(List<SyncRecord> records) {
        return new Batch("s1", "run-1", SyncMode.MIRROR, UUID.randomUUID().toString(), records);
    }

    private static Map<String, RecordResult> byKey(BatchResult result) {
        return result.results().stream().collect(Collectors.toMap(RecordResult::key, Function.identity()));
    }

    /** Polls until the job finishes, as a later run would. */
    private static JobStatus settle(Destination destination, String jobId) {
        for (int i = 0; i < 20; i++) {
            JobStatus status = destination.pollJob(jobId);
            if (status.finished()) {
                return status;
            }
        }
        throw new AssertionError("job " + jobId + " never finished");
    }

    private List<String> heldEmails() {
        return google.list().members().stream().map(m -> m.get("hashedEmail")).toList();
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aBatchIsOneJobCreatedFilledAndRunWithEveryIdentifierNormalizedAndHashed() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", " Grace.Hopper@Example.COM ");
        fields.put("phone", "(650) 253-0000");
        fields.put("first_name", " Grace ");
        fields.put("last_name", "HOPPER");
        fields.put("postal_code", "94043");
        fields.put("third_party_user_id", " crm-42 ");
        try (Destination d = open(Map.of("default-country", "us"), Map.of(), Map.of())) {
            BatchResult result = d.send(batch(List.of(new SyncRecord("k1", Operation.ADD, fields))));

            assertThat(google.calls).containsExactly("search", "create", "addOperations", "run");
            RecordResult r = result.results().get(0);
            assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(r.jobId()).matches("customers/1234567890/offlineUserDataJobs/\\d+");

            JsonNode body = google.addOperationsBodies.get(0);
            assertThat(body.path("enablePartialFailure").asBoolean()).isTrue();
            JsonNode ids = body.path("operations").path(0).path("create").path("userIdentifiers");
            assertThat(ids).hasSize(4);
            assertThat(ids.get(0).path("hashedEmail").asText()).isEqualTo(sha256("grace.hopper@example.com"));
            assertThat(ids.get(1).path("hashedPhoneNumber").asText()).isEqualTo(sha256("+16502530000"));
            JsonNode address = ids.get(2).path("addressInfo");
            assertThat(address.path("hashedFirstName").asText()).isEqualTo(sha256("grace"));
            assertThat(address.path("hashedLastName").asText()).isEqualTo(sha256("hopper"));
            assertThat(address.path("countryCode").asText()).as("the connection's default country").isEqualTo("US");
            assertThat(address.path("postalCode").asText()).isEqualTo("94043");
            assertThat(ids.get(3).path("thirdPartyUserId").asText()).isEqualTo("crm-42");

            FakeGoogleAds.Job job = google.jobs.get(r.jobId());
            assertThat(job.userList).isEqualTo(FakeGoogleAds.USER_LIST);
            assertThat(Instant.ofEpochMilli(Long.parseLong(job.externalId))).as("externalId is the creation time")
                    .isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(job.status).isEqualTo("RUNNING");
        }
    }

    @Test
    void aJobIsPolledToTheEndFromAFreshInstanceByItsResourceNameAlone() {
        google.pollsRunning = 2;
        String jobId;
        try (Destination d = open()) {
            jobId = d.send(batch(List.of(member(1, Operation.ADD), member(2, Operation.ADD)))).results().get(0).jobId();
        }
        try (Destination later = open()) {
            assertThat(later.pollJob(jobId).state()).isEqualTo(JobStatus.State.PROCESSING);
            assertThat(later.pollJob(jobId).state()).isEqualTo(JobStatus.State.PROCESSING);
            JobStatus done = later.pollJob(jobId);
            assertThat(done.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(done.failures()).isEmpty();
            assertThat(done.message()).contains("SUCCESS").contains("MATCH_RANGE_51_TO_60");
        }
        assertThat(heldEmails()).containsExactlyInAnyOrder(sha256("user1@example.com"), sha256("user2@example.com"));
    }

    @Test
    void aFailedJobIsReportedFailedWithItsReasonSoItsRowsAreSentAgain() {
        google.failNextJob = true;
        try (Destination d = open()) {
            String jobId = d.send(batch(List.of(member(1, Operation.ADD)))).results().get(0).jobId();
            JobStatus status = settle(d, jobId);
            assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(status.message()).contains(jobId).contains("FAILED").contains("UNKNOWN");
        }
        assertThat(google.list().members()).isEmpty();
    }

    @Test
    void pollingAJobGoogleDoesNotKnowReportsItFailedAndAMalformedIdIsRefused() {
        try (Destination d = open()) {
            JobStatus missing = d.pollJob("customers/1234567890/offlineUserDataJobs/1");
            assertThat(missing.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(missing.message()).contains("no job");
            assertThatThrownBy(() -> d.pollJob("7505f000001"))
                    .isInstanceOf(DestinationException.class)
                    .hasMessageContaining("customers/{customerId}/offlineUserDataJobs/{jobId}");
        }
    }

    @Test
    void largeBatchesGoInRequestsOfAtMostTenThousandOperationsToOneJob() {
        List<SyncRecord> records = IntStream.range(0, 25_000).mapToObj(i -> member(i, Operation.ADD)).toList();
        google.reject(sha256("user15000@example.com"), false, "The SHA256 encoded value is malformed.");
        try (Destination d = open()) {
            BatchResult result = d.send(batch(records));

            assertThat(google.addOperationsBodies).extracting(b -> b.path("operations").size()).containsExactly(10_000, 10_000, 5_000);
            assertThat(google.calls).containsExactly("search", "create", "addOperations", "addOperations", "addOperations", "run");
            Map<String, RecordResult> results = byKey(result);
            assertThat(results.get("key-15000").outcome()).as("index 5000 of the second request").isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("key-15000").message()).isEqualTo("offlineUserDataJobError INVALID_SHA256_FORMAT: The SHA256 encoded value is malformed.");
            assertThat(results.values()).filteredOn(r -> r.outcome() == RecordResult.Outcome.PENDING).hasSize(24_999)
                    .extracting(RecordResult::jobId).containsOnly(results.get("key-0").jobId());
            assertThat(settle(d, results.get("key-0").jobId()).state()).isEqualTo(JobStatus.State.DONE);
        }
        assertThat(google.list().members()).hasSize(24_999);
        assertThat(heldEmails()).doesNotContain(sha256("user15000@example.com"));
    }

    @Test
    void theFakeRefusesMoreThanTenThousandOperationsInOneRequestAsGoogleDoes() throws IOException {
        // The client never sends such a request; this pins the fake's limit that the chunking test relies on.
        try (Destination d = open()) {
            assertThat(d.test().ok()).isTrue(); // leaves an access token the fake accepts
        }
        FakeGoogleAds.Job job = google.foreignJob(FakeGoogleAds.USER_LIST, "PENDING", null);
        ObjectNode body = new ObjectMapper().createObjectNode();
        ArrayNode operations = body.putArray("operations");
        for (int i = 0; i <= GoogleAdsDestination.OPERATIONS_PER_REQUEST; i++) {
            operations.addObject().putObject("create").putArray("userIdentifiers").addObject().put("hashedEmail", sha256("u" + i));
        }
        Request request = new Request.Builder().url(server.url("/v26/" + job.resourceName + ":addOperations"))
                .header("Authorization", "Bearer " + google.validTokens.iterator().next())
                .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
        try (Response response = new OkHttpClient().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).contains("TOO_MANY_MUTATE_OPERATIONS");
        }
    }

    @Test
    void rowsWithoutAUsableIdentifierArePermanentNamingTheFieldAndAreNeverSent() {
        Map<String, Object> partialAddress = new LinkedHashMap<>();
        partialAddress.put("first_name", "Ada");
        partialAddress.put("last_name", "Lovelace");
        partialAddress.put("country_code", "GB");
        Map<String, Object> badEmailGoodPhone = new LinkedHashMap<>();
        badEmailGoodPhone.put("email", "not-an-email");
        badEmailGoodPhone.put("phone", "+44 20 7946 0958");
        List<SyncRecord> records = List.of(
                new SyncRecord("bad-email", Operation.ADD, Map.of("email", "no at sign")),
                new SyncRecord("nothing", Operation.ADD, Map.of()),
                new SyncRecord("partial-address", Operation.ADD, partialAddress),
                new SyncRecord("bad-country", Operation.ADD, Map.of("first_name", "A", "last_name", "B",
                        "postal_code", "1", "country_code", "Atlantis")),
                new SyncRecord("one-good", Operation.ADD, badEmailGoodPhone));
        try (Destination d = open()) {
            Map<String, RecordResult> results = byKey(d.send(batch(records)));

            assertThat(results.get("bad-email").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("bad-email").message()).contains("field 'email'").contains("EMAIL");
            assertThat(results.get("nothing").message()).contains("no identifier");
            assertThat(results.get("partial-address").message()).contains("missing postal_code");
            assertThat(results.get("bad-country").message()).contains("field 'country_code'").contains("COUNTRY");
            assertThat(results.get("one-good").outcome()).as("the valid phone goes alone").isEqualTo(RecordResult.Outcome.PENDING);
        }
        assertThat(google.addOperationsBodies).hasSize(1);
        JsonNode operations = google.addOperationsBodies.get(0).path("operations");
        assertThat(operations).hasSize(1);
        JsonNode identifiers = operations.path(0).path("create").path("userIdentifiers");
        assertThat(identifiers).hasSize(1);
        assertThat(identifiers.get(0).has("hashedPhoneNumber")).isTrue();
    }

    @Test
    void aBatchWithNothingSendableCallsGoogleNotAtAll() {
        try (Destination d = open()) {
            BatchResult result = d.send(batch(List.of(new SyncRecord("k", Operation.ADD, Map.of("email", "nope")))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PERMANENT);
        }
        assertThat(google.calls).isEmpty();
        assertThat(google.jobs).isEmpty();
    }

    @Test
    void partialFailuresAreReportedAtOnceAndTransientOnesAreRetryable() {
        google.reject(sha256("user1@example.com"), false, "The SHA256 encoded value is malformed.");
        google.reject(sha256("user2@example.com"), true, "An internal error has occurred.");
        try (Destination d = open()) {
            Map<String, RecordResult> results = byKey(d.send(batch(List.of(member(0, Operation.ADD), member(1, Operation.ADD),
                    member(2, Operation.ADD)))));
            assertThat(results.get("key-0").outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(results.get("key-1").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("key-1").message()).contains("INVALID_SHA256_FORMAT").contains("malformed");
            assertThat(results.get("key-2").outcome()).isEqualTo(RecordResult.Outcome.RETRYABLE);
            assertThat(results.get("key-2").message()).contains("internalError INTERNAL_ERROR");
            settle(d, results.get("key-0").jobId());
        }
        assertThat(heldEmails()).containsExactly(sha256("user0@example.com"));
    }

    @Test
    void aJobWhoseEveryOperationWasRejectedStillRunsSoItDoesNotBlockTheList() {
        google.reject(sha256("user1@example.com"), false, "The SHA256 encoded value is malformed.");
        try (Destination d = open()) {
            BatchResult first = d.send(batch(List.of(member(1, Operation.ADD))));
            assertThat(first.results()).extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PERMANENT);
            assertThat(google.calls).endsWith("run");
            google.jobs.values().forEach(j -> settle(d, j.resourceName));
            assertThat(d.send(batch(List.of(member(2, Operation.ADD)))).results())
                    .extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PENDING);
        }
    }

    @Test
    void aSecondJobOnTheListWaitsWhileTheFirstRuns() {
        google.pollsRunning = 3;
        try (Destination first = open(); Destination second = open()) {
            String jobId = first.send(batch(List.of(member(1, Operation.ADD)))).results().get(0).jobId();
            int jobsBefore = google.jobs.size();

            assertThatThrownBy(() -> second.send(batch(List.of(member(2, Operation.REMOVE)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining(jobId).hasMessageContaining("RUNNING").hasMessageContaining("must not overlap");
            assertThat(google.jobs).hasSize(jobsBefore);

            settle(first, jobId);
            assertThat(second.send(batch(List.of(member(1, Operation.REMOVE)))).results())
                    .extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PENDING);
        }
    }

    @Test
    void aRecentPendingJobBlocksTheListButOneAbandonedLongAgoDoesNot() {
        String recent = String.valueOf(Instant.now().toEpochMilli());
        String abandoned = String.valueOf(Instant.now().minus(Duration.ofHours(2)).toEpochMilli());
        try (Destination d = open()) {
            FakeGoogleAds.Job inFlight = google.foreignJob(FakeGoogleAds.USER_LIST, "PENDING", recent);
            assertThatThrownBy(() -> d.send(batch(List.of(member(1, Operation.ADD)))))
                    .isInstanceOf(DestinationException.class).hasMessageContaining(inFlight.resourceName).hasMessageContaining("PENDING");
            FakeGoogleAds.Job unknownAge = google.foreignJob("customers/1234567890/userLists/555001", "PENDING", null);
            inFlight.status = "SUCCESS";
            assertThatThrownBy(() -> d.send(batch(List.of(member(1, Operation.ADD)))))
                    .as("another tool's pending job without a creation time").hasMessageContaining(unknownAge.resourceName);
            unknownAge.status = "FAILED";

            google.foreignJob(FakeGoogleAds.USER_LIST, "PENDING", abandoned);
            google.foreignJob("customers/1234567890/userLists/555002", "RUNNING", recent); // another list
            assertThat(d.send(batch(List.of(member(1, Operation.ADD)))).results())
                    .extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PENDING);
        }
    }

    @Test
    void googlesConcurrentModificationWhenAnotherToolStartsAJobMeanwhileIsRetryable() {
        google.afterNextSearch = () -> google.foreignJob(FakeGoogleAds.USER_LIST, "RUNNING", null);
        try (Destination d = open()) {
            assertThatThrownBy(() -> d.send(batch(List.of(member(1, Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("databaseError CONCURRENT_MODIFICATION");
        }
        assertThat(google.calls).containsExactly("search", "create", "addOperations", "run");
    }

    @Test
    void addsAndRemovesNeverShareAJob() {
        try (Destination d = open(Map.of(), Map.of(), Map.of("ad-user-data-consent", "granted", "ad-personalization-consent", "GRANTED"))) {
            String added = d.send(batch(List.of(member(1, Operation.ADD), member(2, Operation.ADD)))).results().get(0).jobId();
            settle(d, added);
            Map<String, RecordResult> mixed = byKey(d.send(batch(List.of(member(3, Operation.ADD), member(1, Operation.REMOVE)))));
            assertThat(mixed.get("key-3").outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(mixed.get("key-1").outcome()).isEqualTo(RecordResult.Outcome.RETRYABLE);
            assertThat(mixed.get("key-1").message()).contains("removals in a job of their own");
            settle(d, mixed.get("key-3").jobId());
            String removed = d.send(batch(List.of(member(1, Operation.REMOVE)))).results().get(0).jobId();
            settle(d, removed);

            assertThat(google.jobs.get(added).consent.toString()).isEqualTo("{\"adUserData\":\"GRANTED\",\"adPersonalization\":\"GRANTED\"}");
            assertThat(google.jobs.get(removed).consent).as("removals declare no consent").isNull();
            assertThat(google.jobs.get(removed).operationKinds).containsOnly("remove");
        }
        assertThat(heldEmails()).containsExactlyInAnyOrder(sha256("user2@example.com"), sha256("user3@example.com"));
    }

    @Test
    void anExpiredAccessTokenIsRenewedOnceAndTheCallRetried() {
        try (Destination d = open()) {
            assertThat(d.test().ok()).isTrue();
            google.expireTokens();
            assertThat(d.send(batch(List.of(member(1, Operation.ADD)))).results().get(0).outcome())
                    .isEqualTo(RecordResult.Outcome.PENDING);
        }
        assertThat(google.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void aRefusedRefreshTokenOrClientIsPermanentWithGooglesReason() {
        try (Destination d = open(Map.of(), Map.of("refresh-token", "1//revoked"), Map.of())) {
            assertThatThrownBy(() -> d.send(batch(List.of(member(1, Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("invalid_grant").hasMessageNotContaining("1//revoked");
        }
        try (Destination d = open(Map.of(), Map.of("client-secret", "wrong"), Map.of())) {
            ConnectionCheck check = d.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("invalid_client");
        }
        assertThat(google.jobs).isEmpty();
    }

    @Test
    void rateLimitedCallsAreRetryableAfterGooglesRetryDelay() {
        google.failNext(FakeGoogleAds.resourceExhausted("7.5s"));
        try (Destination d = open()) {
            assertThatThrownBy(() -> d.send(batch(List.of(member(1, Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofMillis(7_500));
                    })
                    .hasMessageContaining("RESOURCE_TEMPORARILY_EXHAUSTED");
        }
    }

    @Test
    void aManagedAccountNeedsItsManagersLoginCustomerId() {
        google.requiredLoginCustomerId = FakeGoogleAds.MANAGER_ID;
        try (Destination direct = open()) {
            ConnectionCheck check = direct.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("USER_PERMISSION_DENIED").contains("login-customer-id");
        }
        try (Destination viaManager = open(Map.of("login-customer-id", "987-654-3210"), Map.of(), Map.of())) {
            assertThat(viaManager.test().ok()).isTrue();
        }
    }

    @Test
    void theDeveloperTokenIsSentOnlyWhenSet() {
        try (Destination d = open()) {
            d.test();
        }
        try (Destination d = open(Map.of(), Map.of("developer-token", "abcDEF123"), Map.of())) {
            d.test();
        }
        assertThat(google.developerTokens).containsExactly(null, "abcDEF123");
    }

    @Test
    void theConnectionTestChecksThatTheListExistsAndIsACustomerList() {
        try (Destination d = open()) {
            ConnectionCheck check = d.test();
            assertThat(check.ok()).as(check.message()).isTrue();
            assertThat(check.message()).contains("Weft VIPs");
        }
        try (Destination ruleBased = open(Map.of(), Map.of(), Map.of("user-list-id", "555002"))) {
            ConnectionCheck check = ruleBased.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("RULE_BASED").contains("CRM_BASED");
        }
        try (Destination missing = open(Map.of(), Map.of(), Map.of("user-list-id", "999"))) {
            ConnectionCheck check = missing.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("no user list customers/1234567890/userLists/999")
                    .endsWith("its customer lists: 555001 'Weft VIPs'");
        }
        assertThat(google.jobs).as("a connection test changes nothing").isEmpty();
    }

    @Test
    void optionsAndSettingsAreValidatedWithErrorsNamingTheKey() {
        GoogleAdsDestinationProvider provider = new GoogleAdsDestinationProvider();
        assertThatThrownBy(() -> provider.open(connection(Map.of(), Map.of()), Map.of()))
                .isInstanceOf(WeftException.class).hasMessageContaining("'user-list-id' is required");
        assertThatThrownBy(() -> provider.open(connection(Map.of(), Map.of()), Map.of("user-list-id", "abc")))
                .hasMessageContaining("'user-list-id'").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> open(Map.of("customer-id", "12345"), Map.of(), Map.of()))
                .hasMessageContaining("'customer-id'").hasMessageContaining("ten-digit");
        assertThatThrownBy(() -> open(Map.of("login-customer-id", "x"), Map.of(), Map.of()))
                .hasMessageContaining("'login-customer-id'");
        assertThatThrownBy(() -> open(Map.of("default-country", "Narnia"), Map.of(), Map.of()))
                .hasMessageContaining("'default-country'");
        assertThatThrownBy(() -> open(Map.of("access-level", "gold"), Map.of(), Map.of()))
                .hasMessageContaining("'access-level'");
        assertThatThrownBy(() -> open(Map.of("api-version", "26"), Map.of(), Map.of()))
                .hasMessageContaining("'api-version'");
        assertThatThrownBy(() -> open(Map.of(), Map.of(), Map.of("ad-user-data-consent", "yes")))
                .hasMessageContaining("'ad-user-data-consent'");
        assertThatThrownBy(() -> open(Map.of(), Map.of("refresh-token", " "), Map.of()))
                .hasMessageContaining("the secret 'refresh-token' is not set");
    }

    @Test
    void capabilitiesDeclareMirrorHashedAsyncJobsAndTheAccessLevelsDailyBudget() {
        try (Destination basic = open(); Destination explorer = open(Map.of("access-level", "Explorer"), Map.of(), Map.of());
             Destination standard = open(Map.of("access-level", "standard"), Map.of(), Map.of())) {
            var caps = basic.capabilities();
            assertThat(caps.modes()).contains(SyncMode.MIRROR);
            assertThat(caps.hashedIdentifiers()).isTrue();
            assertThat(caps.asyncJobs()).isTrue();
            assertThat(caps.maxBatchSize()).isEqualTo(100_000);
            assertThat(caps.fields()).extracting(f -> f.name()).containsExactly("email", "phone", "first_name", "last_name",
                    "country_code", "postal_code", "third_party_user_id");
            assertThat(caps.rateLimit()).isEqualTo(RateLimit.of(15_000 / 13, Duration.ofHours(24)));
            assertThat(explorer.capabilities().rateLimit()).isEqualTo(RateLimit.of(2_880 / 13, Duration.ofHours(24)));
            assertThat(standard.capabilities().rateLimit()).isEqualTo(RateLimit.unlimited());
        }
    }

    @Test
    void theErrorParserReadsGooglesDurationsAndOperationIndexes() {
        assertThat(GoogleAdsErrors.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(GoogleAdsErrors.duration("0.250s")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoogleAdsErrors.duration("soon")).isNull();
        ObjectNode status = new ObjectMapper().createObjectNode();
        ObjectNode error = FakeGoogleAds.error("offlineUserDataJobError", "INVALID_SHA256_FORMAT", "bad", -1);
        ArrayNode path = error.putObject("location").putArray("fieldPathElements");
        path.addObject().put("fieldName", "operations").put("index", 12);
        path.addObject().put("fieldName", "create");
        path.addObject().put("fieldName", "user_identifiers").put("index", 0);
        status.putArray("details").addObject().putArray("errors").add(error);
        List<GoogleAdsErrors.Error> errors = GoogleAdsErrors.errors(status);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.operationIndex()).isEqualTo(12);
            assertThat(e.code()).isEqualTo("offlineUserDataJobError INVALID_SHA256_FORMAT");
            assertThat(e.retryable()).isFalse();
        });
    }
}
