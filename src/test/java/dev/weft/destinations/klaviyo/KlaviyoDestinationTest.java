package dev.weft.destinations.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Klaviyo specifics: the job payload, the job lifecycle, import errors, limits, removals, failures, setup. */
class KlaviyoDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MockWebServer server;
    private FakeKlaviyo klaviyo;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        klaviyo = new FakeKlaviyo();
        server.setDispatcher(klaviyo);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> options) {
        return open(FakeKlaviyo.API_KEY, options);
    }

    private Destination open(String key, Map<String, String> options) {
        return new KlaviyoDestinationProvider().open(connection(key, Map.of()), options);
    }

    private DestinationConnection connection(String key, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("base-url", server.url("/").toString());
        return new DestinationConnection("c1", "account", "klaviyo", all, Map.of("api-key", key));
    }

    private static Batch batch(SyncMode mode, List<SyncRecord> records) {
        return new Batch("s1", "r1", mode, "idem", records);
    }

    private static SyncRecord profile(int i, Operation op) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "user" + i + "@example.com");
        fields.put("first_name", "Name " + i);
        return new SyncRecord("k" + i, op, fields);
    }

    private static List<SyncRecord> profiles(int from, int count, Operation op) {
        return IntStream.range(from, from + count).mapToObj(i -> profile(i, op)).toList();
    }

    /** Polls until the job finishes (the fake completes jobs after a few polls). */
    private static JobStatus settle(Destination d, String jobId) {
        for (int i = 0; i < 20; i++) {
            JobStatus status = d.pollJob(jobId);
            if (status.finished()) {
                return status;
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    private static List<RecordedRequest> imports(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.getMethod().equals("POST")
                && r.getPath().startsWith("/api/profile-bulk-import-jobs")).toList();
    }

    private static JsonNode body(RecordedRequest request) throws IOException {
        return JSON.readTree(request.getBody().clone().readUtf8());
    }

    // ------------------------------------------------------------------------------------- payload

    @Test
    void importsProfilesAsAJsonApiJobWithNestedLocationAndPropertiesAndNormalizedIdentifiers() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "  Ada@Example.COM ");
        fields.put("phone_number", "+44 20 7946-0958");
        fields.put("external_id", 42);
        fields.put("first_name", "Ada");
        fields.put("last_name", null);
        fields.put("location.city", "London");
        fields.put("location.latitude", 51.5072);
        fields.put("properties.plan", "pro");
        fields.put("properties.lifetime_value", 120.5);
        try (Destination d = open(Map.of("list-id", FakeKlaviyo.LIST_ID))) {
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(new SyncRecord("k1", Operation.ADD, fields))));
            assertThat(result.results()).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PENDING);
                assertThat(r.jobId()).isNotBlank();
            });
        }
        RecordedRequest post = imports(requests()).get(0);
        assertThat(post.getHeader("Authorization")).isEqualTo("Klaviyo-API-Key " + FakeKlaviyo.API_KEY);
        assertThat(post.getHeader("revision")).isEqualTo(KlaviyoDestinationProvider.DEFAULT_REVISION);
        assertThat(post.getHeader("Content-Type")).startsWith("application/vnd.api+json");
        assertThat(post.getHeader("Accept")).isEqualTo("application/vnd.api+json");
        JsonNode data = body(post).path("data");
        assertThat(data.path("type").asText()).isEqualTo("profile-bulk-import-job");
        assertThat(data.path("relationships").path("lists").path("data").get(0))
                .isEqualTo(JSON.readTree("{\"type\":\"list\",\"id\":\"" + FakeKlaviyo.LIST_ID + "\"}"));
        JsonNode profile = data.path("attributes").path("profiles").path("data").get(0);
        assertThat(profile).isEqualTo(JSON.readTree("""
                {"type":"profile","attributes":{
                  "email":"ada@example.com","phone_number":"+442079460958","external_id":"42","first_name":"Ada",
                  "location":{"city":"London","latitude":51.5072},
                  "properties":{"plan":"pro","lifetime_value":120.5}}}"""));
    }

    @Test
    void withoutAListTheJobHasNoRelationshipsAndRemovalsAreRefusedPerRow() throws Exception {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().modes()).containsExactly(SyncMode.UPSERT);
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(profile(1, Operation.ADD), profile(2, Operation.REMOVE))));
            assertThat(result.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(result.results().get(1)).satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
                assertThat(r.message()).contains("never delete profiles").contains("list-id");
            });
        }
        List<RecordedRequest> requests = requests();
        assertThat(requests).hasSize(1);
        JsonNode data = body(requests.get(0)).path("data");
        assertThat(data.has("relationships")).isFalse();
        assertThat(data.path("attributes").path("profiles").path("data")).hasSize(1);
    }

    @Test
    void invalidRowsAreReportedPerRowAndNeverSent() throws Exception {
        List<SyncRecord> records = List.of(
                new SyncRecord("bad-email", Operation.ADD, Map.of("email", "not-an-email")),
                new SyncRecord("no-email", Operation.ADD, Map.of("first_name", "Nobody")),
                new SyncRecord("bad-phone", Operation.ADD, Map.of("email", "p@example.com", "phone_number", "0207 946 0958")),
                new SyncRecord("unknown-field", Operation.ADD, Map.of("email", "u@example.com", "plan", "pro")),
                new SyncRecord("too-big", Operation.ADD, Map.of("email", "big@example.com", "properties.blob", "x".repeat(100_001))),
                profile(1, Operation.ADD));
        try (Destination d = open(Map.of())) {
            Map<String, RecordResult> byKey = new LinkedHashMap<>();
            d.send(batch(SyncMode.UPSERT, records)).results().forEach(r -> byKey.put(r.key(), r));
            assertThat(byKey.get("bad-email").message()).contains("'email' is invalid: EMAIL is not an email address")
                    .doesNotContain("not-an-email");
            assertThat(byKey.get("no-email").message()).contains("missing the identifier 'email'");
            // A national number without default-country has no country code to place it by.
            assertThat(byKey.get("bad-phone").message()).contains("'phone_number' is invalid: PHONE is not a phone number (no valid country code)")
                    .doesNotContain("0207");
            assertThat(byKey.get("unknown-field").message()).contains("field 'plan' is not a Klaviyo profile attribute")
                    .contains("properties.");
            assertThat(byKey.get("too-big").message()).contains("Klaviyo imports at most 100 KB per profile");
            assertThat(byKey.values()).filteredOn(r -> !r.key().equals("k1"))
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT));
            assertThat(byKey.get("k1").outcome()).isEqualTo(RecordResult.Outcome.PENDING);
        }
        List<RecordedRequest> posts = imports(requests());
        assertThat(posts).hasSize(1);
        JsonNode sent = body(posts.get(0)).path("data").path("attributes").path("profiles").path("data");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("attributes").path("email").asText()).isEqualTo("user1@example.com");
    }

    @Test
    void aBatchWhoseRowsAreAllInvalidSendsNothing() throws Exception {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k", Operation.ADD, Map.of("email", "")))));
            assertThat(result.results()).singleElement().extracting(RecordResult::outcome).isEqualTo(RecordResult.Outcome.PERMANENT);
        }
        assertThat(requests()).isEmpty();
    }

    @Test
    void phoneNumberAndExternalIdCanBeTheIdentifier() throws Exception {
        try (Destination byPhone = open(Map.of("identifier", "phone_number"));
             Destination byExternalId = open(Map.of("identifier", "external_id"))) {
            assertThat(byPhone.capabilities().identifierKinds()).containsExactly("phone_number");
            assertThat(byPhone.capabilities().fields()).filteredOn(f -> f.name().equals("phone_number"))
                    .singleElement().satisfies(f -> assertThat(f.required()).isTrue());
            BatchResult phones = byPhone.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("a", Operation.ADD, Map.of("phone_number", "+1 (415) 555-0100", "email", "a@example.com")),
                    new SyncRecord("b", Operation.ADD, Map.of("email", "b@example.com")))));
            assertThat(phones.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(phones.results().get(1).message()).contains("missing the identifier 'phone_number'");
            assertThat(settle(byPhone, phones.results().get(0).jobId()).state()).isEqualTo(JobStatus.State.DONE);

            BatchResult ids = byExternalId.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("c", Operation.ADD, Map.of("external_id", " crm-7 ", "first_name", "Cy")))));
            assertThat(settle(byExternalId, ids.results().get(0).jobId()).state()).isEqualTo(JobStatus.State.DONE);
        }
        assertThat(klaviyo.profileBy("phone_number", "+14155550100").path("email").asText()).isEqualTo("a@example.com");
        assertThat(klaviyo.profileBy("external_id", "crm-7").path("first_name").asText()).isEqualTo("Cy");
    }

    @Test
    void nationalPhoneNumbersArePlacedByTheConnectionsDefaultCountry() throws Exception {
        try (Destination d = new KlaviyoDestinationProvider().open(
                connection(FakeKlaviyo.API_KEY, Map.of("default-country", "gb")), Map.of("identifier", "phone_number"))) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("uk", Operation.ADD, Map.of("phone_number", "020 7946 0958")),
                    new SyncRecord("us", Operation.ADD, Map.of("phone_number", "+1 201-555-0123")),
                    new SyncRecord("short", Operation.ADD, Map.of("phone_number", "12")))));
            assertThat(result.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(result.results().get(1).outcome()).isEqualTo(RecordResult.Outcome.PENDING);
            assertThat(result.results().get(2).message()).contains("'phone_number' is invalid: PHONE");
        }
        JsonNode sent = body(imports(requests()).get(0)).path("data").path("attributes").path("profiles").path("data");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).path("attributes").path("phone_number").asText()).isEqualTo("+442079460958");
        assertThat(sent.get(1).path("attributes").path("phone_number").asText()).isEqualTo("+12015550123");
    }

    // ------------------------------------------------------------------------------------- jobs

    @Test
    void aJobIsPendingUntilKlaviyoCompletesItThroughQueuedAndProcessing() throws Exception {
        klaviyo.pollsQueued = 2;
        klaviyo.pollsProcessing = 2;
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, profiles(0, 3, Operation.ADD)));
            String jobId = result.results().get(0).jobId();
            assertThat(result.results()).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PENDING);
                assertThat(r.jobId()).isEqualTo(jobId);
            });
            assertThat(d.pollJob(jobId).state()).isEqualTo(JobStatus.State.SUBMITTED);
            assertThat(d.pollJob(jobId).state()).isEqualTo(JobStatus.State.SUBMITTED);
            assertThat(klaviyo.profiles).isEmpty();
            JobStatus processing = d.pollJob(jobId);
            assertThat(processing.state()).isEqualTo(JobStatus.State.PROCESSING);
            assertThat(processing.message()).contains("0 of 3 profiles done");
            assertThat(d.pollJob(jobId).state()).isEqualTo(JobStatus.State.PROCESSING);
            JobStatus done = d.pollJob(jobId);
            assertThat(done.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(done.failures()).isEmpty();
            assertThat(done.message()).contains("3 profiles imported");
        }
        assertThat(klaviyo.profileBy("email", "user2@example.com").path("first_name").asText()).isEqualTo("Name 2");
    }

    @Test
    void importErrorsAreMappedBackToRowsByIdentifierAcrossPages() throws Exception {
        // 150 errors: two pages of import errors (100 per page), so the next link is followed.
        List<SyncRecord> records = profiles(0, 300, Operation.ADD);
        for (int i = 0; i < 300; i += 2) {
            klaviyo.reject("USER" + i + "@example.com", "invalid", "Invalid email domain for user" + i);
        }
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, records));
            JobStatus status = settle(d, result.results().get(0).jobId());
            assertThat(status.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(status.message()).contains("150 of 300 profiles imported");
            assertThat(status.failures()).hasSize(150).allSatisfy(f -> {
                assertThat(f.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
                int i = Integer.parseInt(f.key().substring(1));
                assertThat(i % 2).as(f.key()).isZero();
                assertThat(f.message()).contains("Invalid email domain for user" + i)
                        .contains("invalid at /data/attributes/profiles/data/" + i + "/attributes/email");
            });
        }
        assertThat(requests()).filteredOn(r -> r.getPath().contains("/import-errors"))
                .hasSize(2).allSatisfy(r -> assertThat(r.getPath()).contains("page%5Bsize%5D=100"));
        assertThat(klaviyo.profileBy("email", "user1@example.com")).isNotNull();
        assertThat(klaviyo.profileBy("email", "user0@example.com")).isNull();
    }

    @Test
    void afterARestartAJobWithFailuresIsFailedAndOneWithoutIsDone() {
        klaviyo.reject("user1@example.com", "invalid", "rejected");
        String failing;
        String clean;
        try (Destination before = open(Map.of())) {
            failing = before.send(batch(SyncMode.UPSERT, profiles(0, 3, Operation.ADD))).results().get(0).jobId();
            clean = before.send(batch(SyncMode.UPSERT, profiles(10, 3, Operation.ADD))).results().get(0).jobId();
        }
        try (Destination after = open(Map.of())) {
            JobStatus failed = settle(after, failing);
            assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(failed.message()).contains("1 of 3 profiles failed").contains("unknown after a restart");
            assertThat(settle(after, clean).state()).isEqualTo(JobStatus.State.DONE);
        }
    }

    @Test
    void anImportErrorThatNamesNoProfileSentFailsTheWholeJob() throws Exception {
        try (Destination d = open(Map.of())) {
            // A profile this instance never sent shows up in the job's errors (e.g. Klaviyo rewrote its email).
            String jobId = d.send(batch(SyncMode.UPSERT, profiles(0, 2, Operation.ADD))).results().get(0).jobId();
            synchronized (klaviyo) {
                ObjectNode stranger = JSON.createObjectNode().put("email", "stranger@example.com");
                klaviyo.jobs.get(jobId).profiles.add(stranger);
            }
            klaviyo.reject("stranger@example.com", "invalid", "who is this");
            JobStatus status = settle(d, jobId);
            assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(status.message()).contains("1 import errors name no profile it sent");
        }
    }

    @Test
    void aCancelledOrUnknownJobIsFailedSoItsRowsAreSentAgain() {
        try (Destination d = open(Map.of())) {
            String jobId = d.send(batch(SyncMode.UPSERT, profiles(0, 1, Operation.ADD))).results().get(0).jobId();
            klaviyo.cancel(jobId);
            assertThat(d.pollJob(jobId)).satisfies(s -> {
                assertThat(s.state()).isEqualTo(JobStatus.State.FAILED);
                assertThat(s.message()).contains("cancelled");
            });
            assertThat(d.pollJob("01JOBGONE")).satisfies(s -> {
                assertThat(s.state()).isEqualTo(JobStatus.State.FAILED);
                assertThat(s.message()).contains("no longer knows import job 01JOBGONE");
            });
        }
    }

    @Test
    void nextPageLinksToAnotherHostAreNotFollowedWithTheKey() {
        klaviyo.linkBase = "http://elsewhere.example";
        for (int i = 0; i < 120; i++) {
            klaviyo.reject("user" + i + "@example.com", "invalid", "no");
        }
        try (Destination d = open(Map.of())) {
            String jobId = d.send(batch(SyncMode.UPSERT, profiles(0, 120, Operation.ADD))).results().get(0).jobId();
            assertThatThrownBy(() -> settle(d, jobId)).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("leaves " + server.getHostName());
        }
    }

    // ------------------------------------------------------------------------------------- limits

    @Test
    void theFakeRefusesWhatKlaviyoRefuses() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
        ObjectNode tooMany = job(10_001, 10);
        try (Response r = post(http, tooMany)) {
            assertThat(r.code()).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body().string()).path("errors").get(0);
            assertThat(error.path("code").asText()).isEqualTo("invalid");
            assertThat(error.path("detail").asText()).contains("at most 10000 profiles");
            assertThat(error.path("source").path("pointer").asText()).isEqualTo("/data/attributes/profiles/data");
        }
        try (Response r = post(http, job(600, 9_000))) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("maximum allowed payload size is 5MB");
        }
        try (Response r = post(http, job(1, 100_100))) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("per profile is 100KB");
        }
        try (Response r = post(http, job(10_000, 10))) {
            assertThat(r.code()).isEqualTo(202);
        }
    }

    private static ObjectNode job(int profiles, int padding) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode data = body.putObject("data").put("type", "profile-bulk-import-job");
        ArrayNode list = data.putObject("attributes").putObject("profiles").putArray("data");
        for (int i = 0; i < profiles; i++) {
            ObjectNode a = list.addObject().put("type", "profile").putObject("attributes");
            a.put("email", "p" + i + "@example.com").putObject("properties").put("pad", "x".repeat(padding));
        }
        return body;
    }

    private Response post(OkHttpClient http, JsonNode body) throws IOException {
        return http.newCall(new Request.Builder().url(server.url("/api/profile-bulk-import-jobs"))
                .header("Authorization", "Klaviyo-API-Key " + FakeKlaviyo.API_KEY)
                .header("revision", KlaviyoDestinationProvider.DEFAULT_REVISION)
                .post(RequestBody.create(JSON.writeValueAsBytes(body), MediaType.get("application/vnd.api+json")))
                .build()).execute();
    }

    @Test
    void aBatchOverFiveMegabytesBecomesSeveralJobsEachWithinTheLimit() throws Exception {
        List<SyncRecord> records = IntStream.range(0, 600).mapToObj(i -> new SyncRecord("k" + i, Operation.ADD,
                Map.<String, Object>of("email", "user" + i + "@example.com", "properties.notes", "n".repeat(9_000)))).toList();
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, records));
            List<String> jobIds = result.results().stream().map(RecordResult::jobId).distinct().toList();
            assertThat(jobIds).hasSize(2);
            for (String jobId : jobIds) {
                assertThat(settle(d, jobId).state()).isEqualTo(JobStatus.State.DONE);
            }
        }
        List<RecordedRequest> posts = imports(requests());
        assertThat(posts).hasSize(2).allSatisfy(p -> assertThat(p.getBodySize()).isLessThanOrEqualTo(FakeKlaviyo.MAX_BYTES));
        int sent = 0;
        for (RecordedRequest p : posts) {
            sent += body(p).path("data").path("attributes").path("profiles").path("data").size();
        }
        assertThat(sent).isEqualTo(600);
        assertThat(klaviyo.profiles).hasSize(600);
    }

    @Test
    void aFullBatchOfTenThousandIsOneJobAndALargerBatchIsRefusedBeforeSending() throws Exception {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(10_000);
            BatchResult result = d.send(batch(SyncMode.UPSERT, profiles(0, 10_000, Operation.ADD)));
            assertThat(result.results().stream().map(RecordResult::jobId).distinct()).hasSize(1);
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, profiles(0, 10_001, Operation.ADD))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit of 10000");
        }
        assertThat(imports(requests())).hasSize(1);
    }

    // ------------------------------------------------------------------------------------- list removals

    @Test
    void mirrorRemovalsLookProfilesUpByIdentifierAndTakeThemOffTheListOnly() throws Exception {
        List<SyncRecord> added = profiles(0, 1_250, Operation.ADD);
        try (Destination d = open(Map.of("list-id", FakeKlaviyo.LIST_ID))) {
            BatchResult result = d.send(batch(SyncMode.MIRROR, added));
            assertThat(settle(d, result.results().get(0).jobId()).state()).isEqualTo(JobStatus.State.DONE);
            assertThat(klaviyo.members(FakeKlaviyo.LIST_ID)).hasSize(1_250);
            requests();

            List<SyncRecord> removed = new ArrayList<>(added.subList(0, 1_150).stream()
                    .map(r -> new SyncRecord(r.key(), Operation.REMOVE, r.fields())).toList());
            removed.add(new SyncRecord("never-imported", Operation.REMOVE, Map.of("email", "ghost@example.com")));
            BatchResult removal = d.send(batch(SyncMode.MIRROR, removed));
            assertThat(removal.results()).hasSize(1_151)
                    .allSatisfy(r -> assertThat(r.outcome()).as(r.key()).isEqualTo(RecordResult.Outcome.OK));
        }
        assertThat(klaviyo.members(FakeKlaviyo.LIST_ID)).hasSize(100);
        assertThat(klaviyo.profiles).hasSize(1_250); // profiles stay; only the membership goes
        List<RecordedRequest> requests = requests();
        List<RecordedRequest> lookups = requests.stream().filter(r -> r.getPath().startsWith("/api/profiles")).toList();
        assertThat(lookups).hasSize(12); // 1,151 emails, 100 per lookup
        assertThat(lookups.get(0).getRequestUrl().queryParameter("filter"))
                .startsWith("any(email,[\"user0@example.com\",\"user1@example.com\",");
        List<RecordedRequest> deletes = requests.stream().filter(r -> r.getMethod().equals("DELETE")).toList();
        assertThat(deletes).hasSize(2); // 1,150 profile ids, 1,000 per call
        assertThat(deletes.get(0).getPath()).isEqualTo("/api/lists/" + FakeKlaviyo.LIST_ID + "/relationships/profiles");
        assertThat(body(deletes.get(0)).path("data")).hasSize(1_000);
        assertThat(body(deletes.get(0)).path("data").get(0).path("type").asText()).isEqualTo("profile");
    }

    @Test
    void aRemovalWithoutAUsableIdentifierIsReportedPerRow() throws Exception {
        try (Destination d = open(Map.of("list-id", FakeKlaviyo.LIST_ID, "identifier", "external_id"))) {
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(
                    new SyncRecord("a", Operation.REMOVE, Map.of("email", "a@example.com")),
                    new SyncRecord("b", Operation.REMOVE, Map.of("external_id", "has\"quote")))));
            assertThat(result.results().get(0).message()).contains("missing the identifier 'external_id'");
            assertThat(result.results().get(1).message()).contains("contains a double quote, so it cannot be looked up");
        }
        assertThat(requests()).isEmpty();
    }

    // ------------------------------------------------------------------------------------- failures

    @Test
    void aRevokedKeyIsPermanentAndAReadOnlyKeyIsToldWhichScopesItNeeds() {
        try (Destination d = open("pk_revoked0000000000000000000000000000", Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, profiles(0, 1, Operation.ADD))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.accessRefused()).as("every batch would be refused alike").isTrue();
                        assertThat(e.getMessage()).contains("HTTP 401").contains("authentication_failed");
                    });
        }
        try (Destination d = open(FakeKlaviyo.READ_ONLY_KEY, Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, profiles(0, 1, Operation.ADD))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.accessRefused()).isTrue();
                        assertThat(e.getMessage()).contains("HTTP 403").contains("permission_denied")
                                .contains("Profiles and Lists full access");
                    });
        }
        assertThat(klaviyo.jobs).isEmpty();
    }

    @Test
    void aThrottledCallIsRetryableAfterKlaviyosRetryAfter() {
        klaviyo.failNext(FakeKlaviyo.error(429, "throttled", "Request was throttled.",
                "Request was throttled. Expected available in 7 seconds.", "/data/").setHeader("Retry-After", "7"));
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, profiles(0, 1, Operation.ADD))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).contains("throttled: Request was throttled. Expected available in 7 seconds.");
                    });
        }
    }

    @Test
    void anUnknownListIsAPermanentErrorNamingTheList() {
        try (Destination d = open(Map.of("list-id", "NoSuch"))) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.MIRROR, profiles(0, 1, Operation.ADD))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("HTTP 404").contains("A list with id NoSuch does not exist");
                    });
            ConnectionCheck check = d.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("NoSuch");
        }
    }

    // ------------------------------------------------------------------------------------- setup

    @Test
    void connectionTestReadsTheListOrTheImportJobs() throws Exception {
        try (Destination list = open(Map.of("list-id", FakeKlaviyo.LIST_ID));
             Destination profiles = open(Map.of());
             Destination bad = open("pk_wrong", Map.of())) {
            assertThat(list.test()).satisfies(c -> {
                assertThat(c.ok()).isTrue();
                assertThat(c.message()).contains(FakeKlaviyo.LIST_NAME);
            });
            assertThat(profiles.test().ok()).isTrue();
            assertThat(bad.test()).satisfies(c -> {
                assertThat(c.ok()).isFalse();
                assertThat(c.message()).contains("refused the API key");
            });
        }
        List<String> paths = requests().stream().map(RecordedRequest::getPath).toList();
        assertThat(paths).contains("/api/lists/" + FakeKlaviyo.LIST_ID, "/api/profile-bulk-import-jobs?page%5Bsize%5D=1");
    }

    @Test
    void optionsAndSettingsAreValidatedWithErrorsThatNameTheKey() {
        KlaviyoDestinationProvider provider = new KlaviyoDestinationProvider();
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "acct", "klaviyo", Map.of(), Map.of()), Map.of()))
                .isInstanceOf(WeftException.class).hasMessageContaining("connection 'acct' (klaviyo): the secret 'api-key' is not set");
        assertThatThrownBy(() -> open(Map.of("identifier", "userId")))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("klaviyo option 'identifier': 'userId' is not one of email, phone_number, external_id");
        assertThatThrownBy(() -> open(Map.of("list-id", "my list")))
                .isInstanceOf(WeftException.class).hasMessageContaining("klaviyo option 'list-id'");
        assertThatThrownBy(() -> provider.open(connection(FakeKlaviyo.API_KEY, Map.of("revision", "latest")), Map.of()))
                .isInstanceOf(WeftException.class).hasMessageContaining("'revision' must look like");
        assertThatThrownBy(() -> provider.open(connection(FakeKlaviyo.API_KEY, Map.of("default-country", "England")), Map.of()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("connection 'account' (klaviyo): 'default-country' must be an ISO 3166-1 alpha-2");
    }

    @Test
    void aConfiguredRevisionIsSentOnEveryCall() throws Exception {
        try (Destination d = new KlaviyoDestinationProvider().open(
                connection(FakeKlaviyo.API_KEY, Map.of("revision", "2024-10-15")), Map.of())) {
            d.test();
        }
        assertThat(requests()).singleElement().satisfies(r -> assertThat(r.getHeader("revision")).isEqualTo("2024-10-15"));
    }

    @Test
    void capabilitiesDeclareTheLimitsModesAndCatalogue() {
        Capabilities list = KlaviyoDestinationProvider.capabilities("email", true);
        assertThat(list.modes()).containsExactlyInAnyOrder(SyncMode.MIRROR, SyncMode.UPSERT);
        assertThat(list.asyncJobs()).isTrue();
        assertThat(list.hashedIdentifiers()).isFalse();
        assertThat(list.maxBatchSize()).isEqualTo(10_000);
        assertThat(list.rateLimit().burst()).isEqualTo(10);
        assertThat(list.rateLimit().perSecondRate()).isEqualTo(2.5); // 150 per minute
        assertThat(list.fields()).anySatisfy(f -> assertThat(f.matches("properties.favourite_colour")).isTrue());
        assertThat(list.fields()).noneSatisfy(f -> assertThat(f.matches("favourite_colour")).isTrue());
        assertThat(list.fields()).filteredOn(f -> f.name().equals("location.city")).hasSize(1);
        assertThat(list.fields()).filteredOn(f -> f.name().equals("email"))
                .singleElement().satisfies(f -> assertThat(f.identifier() && f.required()).isTrue());
        assertThat(list.fields()).filteredOn(f -> f.name().equals("external_id"))
                .singleElement().satisfies(f -> assertThat(f.required()).isFalse());
    }
}
