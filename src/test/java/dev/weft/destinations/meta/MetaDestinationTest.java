package dev.weft.destinations.meta;

import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaDestinationTest {

    private static final String AUDIENCE = "23851234567890123";

    private MockWebServer server;
    private FakeMeta meta;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        meta = new FakeMeta();
        meta.audience(AUDIENCE, "Weft: churn risk", "CUSTOM");
        server.setDispatcher(meta);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> settings, Map<String, String> secrets) {
        Map<String, String> allSettings = new HashMap<>(settings);
        allSettings.put("base-url", server.url("/").toString());
        return new MetaDestinationProvider().open(new DestinationConnection("c1", "meta_ads", "meta", allSettings, secrets),
                Map.of("audience-id", AUDIENCE));
    }

    private Destination open() {
        return open(Map.of("default-country", "US"), Map.of("access-token", FakeMeta.ACCESS_TOKEN));
    }

    private static Batch batch(List<SyncRecord> records) {
        return new Batch("s1", "r1", SyncMode.MIRROR, "batch-1", records);
    }

    private static SyncRecord person(String key, Operation op, Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new SyncRecord(key, op, fields);
    }

    private static Map<String, RecordResult> byKey(BatchResult result) {
        return result.results().stream().collect(Collectors.toMap(RecordResult::key, Function.identity()));
    }

    @Test
    void everyMatchKeyIsNormalizedAndHashedAsMetaDocumentsIt() {
        // Normalized by hand from Meta's "Hashing and Normalizing Data" table; the fake hashes them itself.
        meta.knowPerson("mary", Map.of(
                "EMAIL", "mary@example.com", "PHONE", "12023095976", "FN", "maryann", "LN", "oneil",
                "CT", "menlopark", "ST", "ca", "ZIP", "94025", "COUNTRY", "us", "EXTERN_ID", "crm-0001"));
        try (Destination d = open()) {
            BatchResult result = d.send(batch(List.of(person("p1", Operation.ADD,
                    "EMAIL", "  Mary@Example.com ", "PHONE", "(202) 309-5976", "FN", "Mary-Ann", "LN", "O'Neil",
                    "CT", "Menlo Park", "ST", "California", "ZIP", "94025-1234", "COUNTRY", "United States",
                    "EXTERN_ID", "crm-0001"))));
            assertThat(result.results()).containsExactly(RecordResult.ok("p1"));
        }
        assertThat(meta.matches.get("mary"))
                .containsExactlyInAnyOrder("EMAIL", "PHONE", "FN", "LN", "CT", "ST", "ZIP", "COUNTRY", "EXTERN_ID");
        FakeMeta.Upload upload = meta.uploads.get(0);
        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.schema()).containsExactly("EMAIL", "PHONE", "FN", "LN", "CT", "ST", "ZIP", "COUNTRY", "EXTERN_ID");
        assertThat(upload.form().get("payload")).doesNotContain("mary", "Mary", "2023095976", "Menlo");
        assertThat(upload.form()).containsEntry("access_token", FakeMeta.ACCESS_TOKEN).doesNotContainKey("appsecret_proof");
        assertThat(upload.session().path("batch_seq").asInt()).isEqualTo(1);
        assertThat(upload.session().path("last_batch_flag").asBoolean()).isTrue();
        assertThat(upload.session().path("session_id").asLong()).isPositive();
    }

    @Test
    void removalsAreDeletedWithTheSamePayloadAndTakePeopleOffTheAudience() {
        try (Destination d = open()) {
            d.send(batch(List.of(person("a", Operation.ADD, "EMAIL", "a@example.com"),
                    person("b", Operation.ADD, "EMAIL", "b@example.com"))));
            BatchResult removed = d.send(new Batch("s1", "r2", SyncMode.MIRROR, "batch-2",
                    List.of(person("a", Operation.REMOVE, "EMAIL", "A@example.com"))));
            assertThat(removed.results()).containsExactly(RecordResult.ok("a"));
        }
        assertThat(meta.uploads).extracting(FakeMeta.Upload::method).containsExactly("POST", "DELETE");
        assertThat(meta.uploads.get(1).data()).containsExactly(List.of(FakeMeta.sha256("a@example.com")));
        assertThat(meta.audiences.get(AUDIENCE).members()).extracting(m -> m.get("EMAIL"))
                .containsExactly(FakeMeta.sha256("b@example.com"));
    }

    @Test
    void aBatchOfTenThousandRowsIsOneCallAndALargerOneIsRefusedBeforeSending() {
        List<SyncRecord> full = IntStream.range(0, 10_000)
                .mapToObj(i -> person("k" + i, Operation.ADD, "EMAIL", "user" + i + "@example.com")).toList();
        try (Destination d = open()) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(10_000);
            assertThat(d.send(batch(full)).results()).hasSize(10_000)
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.OK));
            List<SyncRecord> tooMany = IntStream.range(0, 10_001)
                    .mapToObj(i -> person("k" + i, Operation.ADD, "EMAIL", "user" + i + "@example.com")).toList();
            assertThatThrownBy(() -> d.send(batch(tooMany))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10000");
        }
        assertThat(meta.uploads).hasSize(1);
        assertThat(meta.uploads.get(0).data()).hasSize(10_000);
        assertThat(meta.audiences.get(AUDIENCE).members()).hasSize(10_000);
    }

    @Test
    void theFakeRefusesMoreThanTenThousandRowsAsMetaDoes() throws IOException {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            data.append(i == 0 ? "" : ",").append("[\"").append(FakeMeta.sha256("u" + i)).append("\"]");
        }
        String payload = "{\"schema\":[\"EMAIL\"],\"data\":" + data + "]}";
        Request request = new Request.Builder().url(server.url("/v25.0/" + AUDIENCE + "/users"))
                .post(new FormBody.Builder().add("payload", payload).add("access_token", FakeMeta.ACCESS_TOKEN).build()).build();
        try (var response = new OkHttpClient().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).contains("\"code\":100").contains("10000");
        }
    }

    @Test
    void rowsWithoutAValidIdentifierAreReportedAndNeverSent() {
        try (Destination d = open()) {
            BatchResult result = d.send(batch(List.of(
                    person("good", Operation.ADD, "EMAIL", "good@example.com"),
                    person("bad", Operation.ADD, "EMAIL", "not-an-email", "PHONE", "12"),
                    person("empty", Operation.ADD, "EMAIL", " ", "PHONE", null),
                    person("typo", Operation.ADD, "E_MAIL", "typo@example.com"),
                    person("partly", Operation.ADD, "EMAIL", "partly@example.com", "PHONE", "call me"))));
            Map<String, RecordResult> results = byKey(result);
            assertThat(results.get("good").outcome()).isEqualTo(RecordResult.Outcome.OK);
            assertThat(results.get("partly").outcome()).isEqualTo(RecordResult.Outcome.OK);
            assertThat(results.get("bad").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("bad").message()).contains("EMAIL: EMAIL is not an email address")
                    .contains("PHONE: PHONE is not").doesNotContain("not-an-email");
            assertThat(results.get("empty").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("empty").message()).contains("every match key is empty");
            assertThat(results.get("typo").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("typo").message()).contains("'E_MAIL' is not a Meta match key");
        }
        assertThat(meta.uploads).hasSize(1);
        FakeMeta.Upload upload = meta.uploads.get(0);
        assertThat(upload.schema()).containsExactly("EMAIL");
        assertThat(upload.data()).containsExactly(
                List.of(FakeMeta.sha256("good@example.com")), List.of(FakeMeta.sha256("partly@example.com")));
    }

    @Test
    void aBatchWithNothingValidMakesNoCall() {
        try (Destination d = open()) {
            BatchResult result = d.send(batch(List.of(person("bad", Operation.ADD, "EMAIL", "nope"))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsExactly(RecordResult.Outcome.PERMANENT);
        }
        assertThat(meta.uploads).isEmpty();
    }

    @Test
    void invalidEntriesMetaNamesFailTheirRowsAndUnnamedOnesCannotBePinned() {
        String badHash = FakeMeta.sha256("flagged@example.com");
        meta.judgeInvalid(badHash, "Invalid EMAIL hash");
        meta.countUnnamedInvalid(1);
        try (Destination d = open()) {
            Map<String, RecordResult> results = byKey(d.send(batch(List.of(
                    person("fine", Operation.ADD, "EMAIL", "fine@example.com"),
                    person("flagged", Operation.ADD, "EMAIL", "flagged@example.com")))));
            assertThat(results.get("flagged").outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(results.get("flagged").message()).isEqualTo("Meta counted it among the invalid entries: Invalid EMAIL hash");
            // One more invalid entry was counted but not named: no row can be blamed for it.
            assertThat(results.get("fine").outcome()).isEqualTo(RecordResult.Outcome.OK);
        }
    }

    @Test
    void anInvalidOrExpiredTokenIsAPermanentAuthFailure() {
        for (String token : List.of("EAAB-revoked", FakeMeta.EXPIRED_TOKEN)) {
            try (Destination d = open(Map.of(), Map.of("access-token", token))) {
                assertThatThrownBy(() -> d.send(batch(List.of(person("p", Operation.ADD, "EMAIL", "p@example.com")))))
                        .isInstanceOfSatisfying(DestinationException.class, e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains("Meta refused the access token").contains("error 190")
                                    .doesNotContain(token);
                        });
                ConnectionCheck check = d.test();
                assertThat(check.ok()).isFalse();
                assertThat(check.message()).contains("error 190");
            }
        }
        assertThat(meta.audiences.get(AUDIENCE).members()).isEmpty();
    }

    @Test
    void throttlingIsRetryableAfterMetasEstimatedTimeToRegainAccess() {
        meta.failNext(FakeMeta.throttled(80003, 3));
        meta.failNext(FakeMeta.throttled(17, 0));
        meta.failNext(FakeMeta.throttled(613, 1));
        meta.failNext(FakeMeta.throttled(4, 0));
        try (Destination d = open()) {
            Batch batch = batch(List.of(person("p", Operation.ADD, "EMAIL", "p@example.com")));
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofMinutes(3));
                assertThat(e.getMessage()).contains("error 80003").contains("too many calls");
            });
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).isEmpty();
            });
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e ->
                    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1)));
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e ->
                    assertThat(e.retryable()).isTrue());
            assertThat(d.send(batch).results()).containsExactly(RecordResult.ok("p"));
        }
    }

    @Test
    void anAudienceMetaCannotUpdateIsAPermanentFailureWithMetasMessage() {
        meta.audience("999", "Lookalike (US, 1%)", "LOOKALIKE");
        try (Destination lookalike = new MetaDestinationProvider().open(new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("base-url", server.url("/").toString()), Map.of("access-token", FakeMeta.ACCESS_TOKEN)),
                Map.of("audience-id", "999"))) {
            assertThatThrownBy(() -> lookalike.send(batch(List.of(person("p", Operation.ADD, "EMAIL", "p@example.com")))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("error 2650").contains("Failed to update the custom audience");
                    });
            assertThat(lookalike.test().ok()).isFalse();
            assertThat(lookalike.test().message()).contains("subtype LOOKALIKE");
        }
        try (Destination missing = new MetaDestinationProvider().open(new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("base-url", server.url("/").toString()), Map.of("access-token", FakeMeta.ACCESS_TOKEN)),
                Map.of("audience-id", "404"))) {
            assertThatThrownBy(() -> missing.send(batch(List.of(person("p", Operation.ADD, "EMAIL", "p@example.com")))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("error 100/33").contains("does not exist");
                    });
        }
    }

    @Test
    void connectionTestReadsTheAudience() {
        try (Destination d = open()) {
            ConnectionCheck check = d.test();
            assertThat(check.ok()).isTrue();
            assertThat(check.message()).contains("Weft: churn risk").contains(AUDIENCE);
        }
    }

    @Test
    void anAppThatRequiresAppSecretProofGetsIt() {
        meta.requireAppSecret("app-secret-123");
        try (Destination without = open()) {
            assertThat(without.test().ok()).isFalse();
            assertThat(without.test().message()).contains("appsecret_proof");
        }
        try (Destination with = open(Map.of(), Map.of("access-token", FakeMeta.ACCESS_TOKEN, "app-secret", "app-secret-123"))) {
            assertThat(with.test().ok()).isTrue();
            assertThat(with.send(batch(List.of(person("p", Operation.ADD, "EMAIL", "p@example.com")))).results())
                    .containsExactly(RecordResult.ok("p"));
        }
    }

    @Test
    void everyCallIsASessionOfOneBatchAndARetryStartsANewOne() {
        try (Destination d = open()) {
            Batch batch = batch(List.of(person("a", Operation.ADD, "EMAIL", "a@example.com"),
                    person("b", Operation.REMOVE, "EMAIL", "b@example.com")));
            d.send(batch);
            d.send(batch);
        }
        assertThat(meta.uploads).extracting(FakeMeta.Upload::method).containsExactly("POST", "DELETE", "POST", "DELETE");
        assertThat(meta.uploads).allSatisfy(u -> {
            assertThat(u.session().path("batch_seq").asInt()).isEqualTo(1);
            assertThat(u.session().path("last_batch_flag").asBoolean()).isTrue();
            assertThat(u.session().path("estimated_num_total").asInt()).isEqualTo(1);
        });
        assertThat(meta.uploads.stream().map(u -> u.session().path("session_id").asLong()).distinct()).hasSize(4);
    }

    @Test
    void phonesWithoutACountryCodeNeedTheDefaultCountry() {
        meta.knowPerson("gb", Map.of("PHONE", "442070313000"));
        try (Destination noDefault = open(Map.of(), Map.of("access-token", FakeMeta.ACCESS_TOKEN))) {
            RecordResult result = noDefault.send(batch(List.of(person("p", Operation.ADD, "PHONE", "020 7031 3000")))).results().get(0);
            assertThat(result.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
        }
        try (Destination gb = open(Map.of("default-country", "gb"), Map.of("access-token", FakeMeta.ACCESS_TOKEN))) {
            assertThat(gb.send(batch(List.of(person("p", Operation.ADD, "PHONE", "020 7031 3000")))).results())
                    .containsExactly(RecordResult.ok("p"));
        }
        assertThat(meta.matches.get("gb")).containsExactly("PHONE");
    }

    @Test
    void badSettingsAndOptionsAreRefusedNamingTheKey() {
        MetaDestinationProvider provider = new MetaDestinationProvider();
        DestinationConnection good = new DestinationConnection("c1", "meta_ads", "meta", Map.of(),
                Map.of("access-token", FakeMeta.ACCESS_TOKEN));
        assertThatThrownBy(() -> provider.open(good, Map.of())).isInstanceOf(WeftException.class)
                .hasMessageContaining("'audience-id'").hasMessageContaining("missing");
        assertThatThrownBy(() -> provider.open(good, Map.of("audience-id", "act_123"))).isInstanceOf(WeftException.class)
                .hasMessageContaining("'audience-id'").hasMessageContaining("act_123");
        assertThatThrownBy(() -> provider.open(good, Map.of("audience-id", "1", "list-id", "2"))).isInstanceOf(WeftException.class)
                .hasMessageContaining("'list-id' is not known");
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "meta_ads", "meta", Map.of(), Map.of()),
                Map.of("audience-id", "1"))).isInstanceOf(WeftException.class).hasMessageContaining("'access-token'");
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("default-country", "USA"), Map.of("access-token", "t")), Map.of("audience-id", "1")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'default-country'").hasMessageContaining("USA");
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("api-version", "25"), Map.of("access-token", "t")), Map.of("audience-id", "1")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'api-version'");
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("requests-per-hour", "0"), Map.of("access-token", "t")), Map.of("audience-id", "1")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'requests-per-hour'");
    }

    @Test
    void capabilitiesDeclareMirrorHashedIdentifiersAndTheCustomAudienceBudget() {
        try (Destination d = open(Map.of("requests-per-hour", "190000"), Map.of("access-token", FakeMeta.ACCESS_TOKEN))) {
            var caps = d.capabilities();
            assertThat(caps.modes()).containsExactly(SyncMode.MIRROR);
            assertThat(caps.hashedIdentifiers()).isTrue();
            assertThat(caps.asyncJobs()).isFalse();
            assertThat(caps.rateLimit().requests()).isEqualTo(190_000);
            assertThat(caps.rateLimit().period()).isEqualTo(Duration.ofHours(1));
            assertThat(caps.fields()).extracting(f -> f.name())
                    .containsExactly("EMAIL", "PHONE", "FN", "LN", "CT", "ST", "ZIP", "COUNTRY", "EXTERN_ID");
        }
    }
}
