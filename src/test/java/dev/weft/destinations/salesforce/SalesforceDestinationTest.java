package dev.weft.destinations.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SalesforceDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH_PATH = "/services/data/v62.0/composite/sobjects/Contact/Weft_Id__c";

    private MockWebServer server;
    private FakeSalesforce salesforce;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        salesforce = new FakeSalesforce();
        server.setDispatcher(salesforce);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> options) {
        return open(Map.of(), Map.of("client-id", FakeSalesforce.CLIENT_ID, "client-secret", FakeSalesforce.CLIENT_SECRET), options);
    }

    private Destination open(Map<String, String> settings, Map<String, String> secrets, Map<String, String> options) {
        Map<String, String> allSettings = new HashMap<>(settings);
        allSettings.put("base-url", server.url("/").toString());
        Map<String, String> allOptions = new HashMap<>(Map.of("object", "Contact", "external-id-field", "Weft_Id__c"));
        allOptions.putAll(options);
        return new SalesforceDestinationProvider().open(
                new DestinationConnection("c1", "org", "salesforce", allSettings, secrets), allOptions);
    }

    private static SyncRecord contact(String id, String lastName) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Weft_Id__c", id);
        fields.put("LastName", lastName);
        fields.put("Email", id + "@example.com");
        return new SyncRecord("key-" + id, Operation.ADD, fields);
    }

    private static Batch batch(List<SyncRecord> records) {
        return new Batch("s1", "r1", SyncMode.UPSERT, "idem", records);
    }

    private static List<SyncRecord> contacts(int n) {
        return IntStream.range(0, n).mapToObj(i -> contact("c" + i, "Name" + i)).toList();
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBody().readUtf8().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void upsertsACollectionWithAClientCredentialsToken() throws Exception {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(List.of(contact("a1", "Ada"), contact("a2", "Grace"))));
            assertThat(result.results()).containsExactly(RecordResult.ok("key-a1"), RecordResult.ok("key-a2"));
        }
        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(RecordedRequest::getPath).containsExactly("/services/oauth2/token", PATCH_PATH);
        assertThat(form(requests.get(0))).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", FakeSalesforce.CLIENT_ID).containsEntry("client_secret", FakeSalesforce.CLIENT_SECRET);
        RecordedRequest patch = requests.get(1);
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer 00Dxx!session-1");
        JsonNode body = JSON.readTree(patch.getBody().readUtf8());
        assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
        assertThat(body.path("records")).hasSize(2);
        assertThat(body.path("records").get(0).path("attributes").path("type").asText()).isEqualTo("Contact");
        assertThat(body.path("records").get(0).path("Weft_Id__c").asText()).isEqualTo("a1");
        assertThat(salesforce.records("Contact").get("a2")).containsEntry("LastName", "Grace");
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheCallRetried() throws Exception {
        try (Destination d = open(Map.of())) {
            d.send(batch(List.of(contact("a1", "Ada"))));
            salesforce.expireSessions();
            BatchResult result = d.send(batch(List.of(contact("a2", "Grace"))));
            assertThat(result.results()).containsExactly(RecordResult.ok("key-a2"));
        }
        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(RecordedRequest::getPath).containsExactly(
                "/services/oauth2/token", PATCH_PATH, PATCH_PATH, "/services/oauth2/token", PATCH_PATH);
        assertThat(requests.get(2).getHeader("Authorization")).isEqualTo("Bearer 00Dxx!session-1");
        assertThat(requests.get(4).getHeader("Authorization")).isEqualTo("Bearer 00Dxx!session-2");
        assertThat(salesforce.records("Contact")).containsKeys("a1", "a2");
    }

    @Test
    void batchesSentConcurrentlyShareOneTokenAndOneRenewal() throws Exception {
        // The executor keeps several batches in flight on one destination.
        try (Destination d = open(Map.of())) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<BatchResult>> sent = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    sent.add(pool.submit(() -> d.send(batch(List.of(contact("p" + n, "P" + n))))));
                }
                for (var f : sent) {
                    assertThat(f.get().results()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.OK));
                }
                assertThat(salesforce.tokensIssued.get()).isEqualTo(1);
                salesforce.expireSessions();
                sent.clear();
                for (int i = 8; i < 16; i++) {
                    int n = i;
                    sent.add(pool.submit(() -> d.send(batch(List.of(contact("p" + n, "P" + n))))));
                }
                for (var f : sent) {
                    assertThat(f.get().results()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.OK));
                }
                assertThat(salesforce.tokensIssued.get()).isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(salesforce.records("Contact")).hasSize(16);
    }

    @Test
    void aSecond401AfterRenewingIsPermanentAndNotRetriedAgain() throws Exception {
        MockResponse refused = new MockResponse().setResponseCode(401)
                .setBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
        salesforce.failNext(refused);
        salesforce.failNext(refused);
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(List.of(contact("a1", "Ada")))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.accessRefused()).as("every batch would be refused alike").isTrue();
                        assertThat(e.getMessage()).contains("INVALID_SESSION_ID");
                    });
        }
        assertThat(requests()).extracting(RecordedRequest::getPath).containsExactly(
                "/services/oauth2/token", PATCH_PATH, "/services/oauth2/token", PATCH_PATH);
    }

    @Test
    void perRecordErrorsComeBackInRequestOrder() {
        salesforce.reject("a2", false, "invalid email address: a2@@example");
        salesforce.reject("a3", true, "unable to obtain exclusive access to this record");
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(List.of(contact("a1", "A"), contact("a2", "B"), contact("a3", "C"), contact("a4", "D"))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsExactly(
                    RecordResult.Outcome.OK, RecordResult.Outcome.PERMANENT, RecordResult.Outcome.RETRYABLE, RecordResult.Outcome.OK);
            assertThat(result.results().get(1).message()).isEqualTo("INVALID_EMAIL_ADDRESS: invalid email address: a2@@example");
            assertThat(result.results().get(2).message()).startsWith("UNABLE_TO_LOCK_ROW");
        }
        assertThat(salesforce.records("Contact")).containsOnlyKeys("a1", "a4");
    }

    @Test
    void withoutBulkABatchIsLimitedTo200AndLargerOnesAreRejected() {
        try (Destination d = open(Map.of("bulk-threshold", "0"))) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(200);
            assertThat(d.capabilities().asyncJobs()).isFalse();
            assertThatThrownBy(() -> d.send(batch(contacts(201))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("201").hasMessageContaining("200");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void batchesBelowTheBulkThresholdGoOutAsCollectionsOf200() throws Exception {
        try (Destination d = open(Map.of("bulk-threshold", "1000"))) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(1000);
            assertThatThrownBy(() -> d.send(batch(contacts(1001)))).isInstanceOf(IllegalArgumentException.class);
            BatchResult result = d.send(batch(contacts(450)));
            assertThat(result.results()).hasSize(450).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.OK));
        }
        List<Integer> sizes = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.getPath().equals(PATCH_PATH)) {
                sizes.add(JSON.readTree(r.getBody().readUtf8()).path("records").size());
            }
        }
        assertThat(sizes).containsExactly(200, 200, 50);
        assertThat(salesforce.records("Contact")).hasSize(450);
    }

    @Test
    void aBulkJobIsCreatedUploadedClosedPolledAndItsFailedRowsMappedBack() throws Exception {
        salesforce.pollsInProgress = 2;
        salesforce.reject("b3", false, "invalid email address");
        String jobId;
        try (Destination d = open(Map.of("bulk-threshold", "3"))) {
            assertThat(d.capabilities().asyncJobs()).isTrue();
            List<SyncRecord> records = new ArrayList<>(List.of(contact("b1", "One"), contact("b2", "Two"), contact("b3", "Three")));
            Map<String, Object> withNull = new LinkedHashMap<>(contact("b4", "Four").fields());
            withNull.put("Email", null);
            records.add(new SyncRecord("key-b4", Operation.ADD, withNull));

            BatchResult sent = d.send(batch(records));
            assertThat(sent.results()).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PENDING);
                assertThat(r.jobId()).isNotBlank();
            });
            jobId = sent.results().get(0).jobId();
            assertThat(salesforce.records("Contact")).isEmpty();

            assertThat(d.pollJob(jobId).state()).isEqualTo(JobStatus.State.PROCESSING);
            assertThat(d.pollJob(jobId).state()).isEqualTo(JobStatus.State.PROCESSING);
            JobStatus done = d.pollJob(jobId);
            assertThat(done.state()).isEqualTo(JobStatus.State.DONE);
            assertThat(done.failures()).hasSize(1);
            assertThat(done.failures().get(0).key()).isEqualTo("key-b3");
            assertThat(done.failures().get(0).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(done.failures().get(0).message()).startsWith("INVALID_EMAIL_ADDRESS:invalid email address");
        }
        assertThat(salesforce.records("Contact")).containsOnlyKeys("b1", "b2", "b4");
        assertThat(salesforce.records("Contact").get("b4")).containsEntry("Email", null).containsEntry("LastName", "Four");

        String jobs = "/services/data/v62.0/jobs/ingest";
        List<RecordedRequest> requests = requests();
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly(
                "POST /services/oauth2/token",
                "POST " + jobs,
                "PUT " + jobs + "/" + jobId + "/batches",
                "PATCH " + jobs + "/" + jobId,
                "GET " + jobs + "/" + jobId,
                "GET " + jobs + "/" + jobId,
                "GET " + jobs + "/" + jobId,
                "GET " + jobs + "/" + jobId + "/failedResults/");
        JsonNode create = JSON.readTree(requests.get(1).getBody().readUtf8());
        assertThat(create.path("object").asText()).isEqualTo("Contact");
        assertThat(create.path("externalIdFieldName").asText()).isEqualTo("Weft_Id__c");
        assertThat(create.path("operation").asText()).isEqualTo("upsert");
        assertThat(create.path("contentType").asText()).isEqualTo("CSV");
        RecordedRequest upload = requests.get(2);
        assertThat(upload.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(upload.getBody().readUtf8()).isEqualTo("""
                Weft_Id__c,LastName,Email
                b1,One,b1@example.com
                b2,Two,b2@example.com
                b3,Three,b3@example.com
                b4,Four,#N/A
                """);
        assertThat(JSON.readTree(requests.get(3).getBody().readUtf8()).path("state").asText()).isEqualTo("UploadComplete");
    }

    @Test
    void anAbortedJobFailsEveryRecordAndAnUnknownJobsFailuresCannotBeMarkedSynced() {
        try (Destination d = open(Map.of("bulk-threshold", "2"))) {
            String aborted = d.send(batch(contacts(2))).results().get(0).jobId();
            salesforce.jobs.get(aborted).state = "Aborted";
            JobStatus status = d.pollJob(aborted);
            assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(status.message()).contains("aborted");
        }
        salesforce.reject("c1", false, "bad");
        String jobId;
        try (Destination first = open(Map.of("bulk-threshold", "2"))) {
            jobId = first.send(batch(contacts(2))).results().get(0).jobId();
        }
        salesforce.pollsInProgress = 0;
        try (Destination afterRestart = open(Map.of("bulk-threshold", "2"))) {
            JobStatus status = afterRestart.pollJob(jobId);
            assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(status.message()).contains("1 records failed");
        }
    }

    @Test
    void anExhaustedDailyAllocationIsRetryable() {
        salesforce.failNext(new MockResponse().setResponseCode(403).setBody(
                "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"));
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(contacts(1))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.accessRefused()).as("a spent allocation is not refused access").isFalse();
                    });
            assertThat(d.capabilities().rateLimit().requests()).isEqualTo(100_000);
            assertThat(d.capabilities().rateLimit().period()).hasHours(24);
        }
    }

    @Test
    void theJwtBearerFlowSignsAnAssertionWithTheAppKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024); // small key: the test checks the flow, and key generation is slow
        KeyPair keys = generator.generateKeyPair();
        salesforce.jwtKey = keys.getPublic();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        try (Destination d = open(Map.of("username", "integration@acme.com"),
                Map.of("client-id", FakeSalesforce.CLIENT_ID, "private-key", pem), Map.of())) {
            assertThat(d.test().ok()).isTrue();
        }
        RecordedRequest token = server.takeRequest();
        Map<String, String> form = form(token);
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(form.get("assertion").split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(FakeSalesforce.CLIENT_ID);
        assertThat(claims.path("sub").asText()).isEqualTo("integration@acme.com");
        assertThat(claims.path("aud").asText()).isEqualTo("https://login.salesforce.com");
        assertThat(server.takeRequest().getPath()).isEqualTo("/services/data/v62.0/limits");
    }

    @Test
    void badCredentialsFailTheConnectionTestWithSalesforcesReason() {
        try (Destination d = open(Map.of(), Map.of("client-id", FakeSalesforce.CLIENT_ID, "client-secret", "nope"), Map.of())) {
            var check = d.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("invalid_client");
        }
    }

    @Test
    void optionsAndCredentialsAreValidatedWithTheKeyNamed() {
        SalesforceDestinationProvider provider = new SalesforceDestinationProvider();
        DestinationConnection ok = new DestinationConnection("c1", "org", "salesforce", Map.of(),
                Map.of("client-id", "x", "client-secret", "y"));
        assertThatThrownBy(() -> provider.open(ok, Map.of("external-id-field", "X__c")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'object'");
        assertThatThrownBy(() -> provider.open(ok, Map.of("object", "Contact", "external-id-field", "X__c; DROP")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'external-id-field'");
        assertThatThrownBy(() -> provider.open(ok, Map.of("object", "Contact", "external-id-field", "X__c", "bulk-threshold", "200000")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'bulk-threshold'").hasMessageContaining("100000");
        DestinationConnection noSecret = new DestinationConnection("c1", "org", "salesforce", Map.of(), Map.of("client-id", "x"));
        assertThatThrownBy(() -> provider.open(noSecret, Map.of("object", "Contact", "external-id-field", "X__c")))
                .isInstanceOf(WeftException.class).hasMessageContaining("client-secret").hasMessageContaining("private-key");
    }
}
