package dev.weft.destinations;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The behaviour every {@link Destination} must have. Each implementation runs this suite through a
 * subclass that opens the destination against a local fake of the vendor (MockWebServer, WireMock, a
 * temp folder) and reads back what the fake holds.
 *
 * <p>Fault injection ({@link #failNextCallWithRateLimit}, ...) is abstract on purpose: a fake that
 * cannot produce a fault (a file system has no 429) says so with
 * {@code Assumptions.abort("why")} in its override, so every skipped case is visible and explained.
 */
public abstract class DestinationContract {

    /** A per-record rejection the fake should answer for one key of the next batch. */
    public record Rejection(boolean retryable, String message) {
    }

    protected Destination destination;

    /** The vendor's local fake, for destinations that talk HTTP: started by {@link #serve}, shut down after each test. */
    protected MockWebServer server;

    /** Opens the destination against the fake, with credentials the fake accepts. */
    protected abstract Destination openDestination() throws Exception;

    /** Opens the destination against the same fake with credentials the fake refuses. */
    protected abstract Destination openWithBadCredentials() throws Exception;

    /**
     * What the fake holds now, keyed by the record key Weft sent (a fake that stores by the vendor's
     * identifier maps back through the identifier field {@link #sampleRecord} carries).
     */
    protected abstract Map<String, Map<String, Object>> held() throws Exception;

    /** The fake answers its next call with 429 and a {@code Retry-After} of {@code retryAfter}. */
    protected abstract void failNextCallWithRateLimit(Duration retryAfter) throws Exception;

    /** The fake answers its next call with a 5xx. */
    protected abstract void failNextCallWithServerError() throws Exception;

    /** The fake rejects the given keys in the next batch it receives, accepting the others. */
    protected abstract void rejectInNextBatch(Map<String, Rejection> rejections) throws Exception;

    /**
     * A record the destination accepts, distinct per {@code i}. The default fits a free-form
     * destination; vendors override it to match their field catalogue and identifier kinds.
     */
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "user" + i + "@example.com");
        fields.put("first_name", "Name " + i);
        fields.put("lifetime_value", 10.5 * i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    /**
     * Checks that what the fake holds for a record is what was sent. The default compares every sent
     * field by its text; vendors that hash or rename fields override it.
     */
    protected void assertHeldMatches(SyncRecord sent, Map<String, Object> heldFields) {
        for (Map.Entry<String, Object> e : sent.fields().entrySet()) {
            assertThat(heldFields).as("field %s of %s", e.getKey(), sent.key()).containsKey(e.getKey());
            assertThat(String.valueOf(heldFields.get(e.getKey()))).as("field %s of %s", e.getKey(), sent.key())
                    .isEqualTo(String.valueOf(e.getValue()));
        }
    }

    /** The mode the suite sends in: upsert when supported, else the first mode declared. */
    protected SyncMode mode() {
        var modes = destination.capabilities().modes();
        return modes.contains(SyncMode.UPSERT) ? SyncMode.UPSERT : modes.iterator().next();
    }

    @BeforeEach
    void openAgainstFake() throws Exception {
        destination = openDestination();
    }

    /** Starts a local HTTP server answering with {@code fake}; call it from {@link #openDestination}. */
    protected MockWebServer serve(Dispatcher fake) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(fake);
        server.start();
        return server;
    }

    @AfterEach
    void closeDestination() throws IOException {
        if (destination != null) {
            destination.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void capabilitiesAreSane() {
        Capabilities caps = destination.capabilities();
        assertThat(caps.maxBatchSize()).isGreaterThanOrEqualTo(1);
        assertThat(caps.modes()).isNotEmpty();
        assertThat(caps.rateLimit()).isNotNull();
        assertThat(caps.rateLimit().requests()).isGreaterThan(0);
        assertThat(caps.rateLimit().period()).isPositive();
        assertThat(caps.rateLimit().burst()).isGreaterThan(0);
        assertThat(caps.identifierKinds()).isNotNull();
        for (DestinationField f : caps.fields()) {
            assertThat(f.name()).isNotBlank();
        }
    }

    @Test
    void aFullBatchOfUpsertsArrivesAndEveryRecordIsOk() throws Exception {
        List<SyncRecord> records = records(0, batchSize(), Operation.ADD);
        BatchResult result = sendAndSettle(destination, batch(records));

        assertThat(result.results()).allSatisfy(r ->
                assertThat(r.outcome()).as("%s: %s", r.key(), r.message()).isEqualTo(RecordResult.Outcome.OK));
        Map<String, Map<String, Object>> held = held();
        for (SyncRecord r : records) {
            assertThat(held).as("the fake holds %s", r.key()).containsKey(r.key());
            assertHeldMatches(r, held.get(r.key()));
        }
    }

    @Test
    void everyRecordGetsExactlyOneResult() throws Exception {
        List<SyncRecord> records = records(100, Math.min(destination.capabilities().maxBatchSize(), 7), Operation.ADD);
        BatchResult result = destination.send(batch(records));
        assertExactlyOneResultPerRecord(records, result);
    }

    @Test
    void changedRecordsReplaceWhatTheFakeHeld() throws Exception {
        List<SyncRecord> first = records(200, Math.min(destination.capabilities().maxBatchSize(), 3), Operation.ADD);
        assertAllOk(sendAndSettle(destination, batch(first)));
        List<SyncRecord> changed = first.stream().map(r -> {
            Map<String, Object> fields = new LinkedHashMap<>(r.fields());
            fields.put(fields.keySet().stream().skip(1).findFirst().orElseThrow(), "changed");
            return new SyncRecord(r.key(), Operation.CHANGE, fields);
        }).toList();
        if (!destination.capabilities().modes().contains(SyncMode.UPSERT)
                && !destination.capabilities().modes().contains(SyncMode.UPDATE)) {
            return; // insert-only destinations never receive changes
        }
        assertAllOk(sendAndSettle(destination, batch(changed)));
        Map<String, Map<String, Object>> held = held();
        for (SyncRecord r : changed) {
            assertHeldMatches(r, held.get(r.key()));
        }
    }

    @Test
    void removalsInMirrorModeTakeRecordsAway() throws Exception {
        if (!destination.capabilities().modes().contains(SyncMode.MIRROR)) {
            return; // nothing to remove in modes that never remove
        }
        List<SyncRecord> added = records(300, Math.min(destination.capabilities().maxBatchSize(), 4), Operation.ADD);
        assertAllOk(sendAndSettle(destination, new Batch("contract", "run-" + UUID.randomUUID(), SyncMode.MIRROR,
                UUID.randomUUID().toString(), added)));
        SyncRecord gone = new SyncRecord(added.get(0).key(), Operation.REMOVE, added.get(0).fields());
        assertAllOk(sendAndSettle(destination, new Batch("contract", "run-" + UUID.randomUUID(), SyncMode.MIRROR,
                UUID.randomUUID().toString(), List.of(gone))));
        Map<String, Map<String, Object>> held = held();
        assertThat(held).doesNotContainKey(gone.key());
        added.stream().skip(1).forEach(r -> assertThat(held).containsKey(r.key()));
    }

    @Test
    void rateLimitSurfacesAsRetryableWithTheDelayOrIsRetriedInternally() throws Exception {
        failNextCallWithRateLimit(Duration.ofSeconds(1));
        List<SyncRecord> records = records(400, Math.min(destination.capabilities().maxBatchSize(), 3), Operation.ADD);
        try {
            BatchResult result = sendAndSettle(destination, batch(records));
            // Retried internally: then every record must have arrived.
            assertAllOk(result);
            assertThat(held().keySet()).containsAll(keys(records));
        } catch (DestinationException e) {
            assertThat(e.retryable()).as("a 429 is retryable: %s", e.getMessage()).isTrue();
            assertThat(e.rateLimited()).as("a 429 counts as rate limiting in the metrics: %s", e.getMessage()).isTrue();
            assertThat(e.retryAfter()).as("the Retry-After delay is carried").isPresent();
            assertThat(e.retryAfter().get()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void serverErrorIsRetryable() throws Exception {
        failNextCallWithServerError();
        List<SyncRecord> records = records(500, Math.min(destination.capabilities().maxBatchSize(), 3), Operation.ADD);
        try {
            BatchResult result = sendAndSettle(destination, batch(records));
            assertAllOk(result);
            assertThat(held().keySet()).containsAll(keys(records));
        } catch (DestinationException e) {
            assertThat(e.retryable()).as("a 5xx is retryable: %s", e.getMessage()).isTrue();
        }
    }

    @Test
    void authFailureIsPermanent() throws Exception {
        try (Destination bad = openWithBadCredentials()) {
            List<SyncRecord> records = records(600, 2, Operation.ADD);
            try {
                BatchResult result = bad.send(batch(records));
                // A destination may report refusal per record instead of throwing; never as OK or retryable.
                assertExactlyOneResultPerRecord(records, result);
                assertThat(result.results()).allSatisfy(r ->
                        assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT));
            } catch (DestinationException e) {
                assertThat(e.retryable()).as("refused credentials are permanent: %s", e.getMessage()).isFalse();
                assertThat(e.getMessage()).isNotBlank();
            }
            assertThat(held().keySet()).doesNotContainAnyElementsOf(keys(records));
        }
    }

    @Test
    void aPartiallyRejectedBatchReportsEachRecordWithTheVendorsMessage() throws Exception {
        List<SyncRecord> records = records(700, Math.min(destination.capabilities().maxBatchSize(), 5), Operation.ADD);
        if (records.size() < 3) {
            return; // a batch of fewer than three cannot hold one of each outcome
        }
        String permanentKey = records.get(1).key();
        String retryableKey = records.get(2).key();
        rejectInNextBatch(Map.of(
                permanentKey, new Rejection(false, "invalid email address"),
                retryableKey, new Rejection(true, "record locked, try later")));

        BatchResult result = sendAndSettle(destination, batch(records));
        assertExactlyOneResultPerRecord(records, result);
        Map<String, RecordResult> byKey = result.results().stream()
                .collect(Collectors.toMap(RecordResult::key, Function.identity()));
        assertThat(byKey.get(permanentKey).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
        assertThat(byKey.get(permanentKey).message()).contains("invalid email address");
        assertThat(byKey.get(retryableKey).outcome()).isEqualTo(RecordResult.Outcome.RETRYABLE);
        assertThat(byKey.get(retryableKey).message()).contains("record locked, try later");
        for (SyncRecord r : records) {
            if (!r.key().equals(permanentKey) && !r.key().equals(retryableKey)) {
                assertThat(byKey.get(r.key()).outcome()).as(r.key()).isEqualTo(RecordResult.Outcome.OK);
            }
        }
        assertThat(held()).containsKey(records.get(0).key()).doesNotContainKey(permanentKey);
    }

    @Test
    void connectionTestReportsOkAndReportsBadCredentials() throws Exception {
        ConnectionCheck good = destination.test();
        assertThat(good.ok()).as("test() on good credentials: %s", good.message()).isTrue();
        try (Destination bad = openWithBadCredentials()) {
            ConnectionCheck check = bad.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).isNotBlank();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Sends a batch and, for asynchronous destinations, polls its jobs until they finish. */
    protected BatchResult sendAndSettle(Destination d, Batch batch) throws InterruptedException {
        BatchResult sent = d.send(batch);
        if (sent.results().stream().noneMatch(r -> r.outcome() == RecordResult.Outcome.PENDING)) {
            return sent;
        }
        Instant deadline = Instant.now().plusSeconds(30);
        Map<String, JobStatus> jobs = new LinkedHashMap<>();
        for (RecordResult r : sent.results()) {
            if (r.outcome() == RecordResult.Outcome.PENDING) {
                jobs.put(r.jobId(), null);
            }
        }
        for (String jobId : new ArrayList<>(jobs.keySet())) {
            JobStatus status = d.pollJob(jobId);
            while (!status.finished()) {
                if (Instant.now().isAfter(deadline)) {
                    fail("job " + jobId + " did not finish within 30 s");
                }
                Thread.sleep(100);
                status = d.pollJob(jobId);
            }
            jobs.put(jobId, status);
        }
        List<RecordResult> settled = new ArrayList<>();
        for (RecordResult r : sent.results()) {
            if (r.outcome() != RecordResult.Outcome.PENDING) {
                settled.add(r);
                continue;
            }
            JobStatus job = jobs.get(r.jobId());
            RecordResult failure = job.failures().stream().filter(f -> f.key().equals(r.key())).findFirst().orElse(null);
            if (job.state() == JobStatus.State.FAILED) {
                settled.add(RecordResult.permanent(r.key(), job.message()));
            } else {
                settled.add(failure != null ? failure : RecordResult.ok(r.key()));
            }
        }
        return new BatchResult(settled);
    }

    protected Batch batch(List<SyncRecord> records) {
        return new Batch("contract", "run-" + UUID.randomUUID(), mode(), UUID.randomUUID().toString(), records);
    }

    private int batchSize() {
        return Math.min(destination.capabilities().maxBatchSize(), 25);
    }

    private List<SyncRecord> records(int from, int count, Operation op) {
        return IntStream.range(from, from + count).mapToObj(i -> sampleRecord(i, op)).toList();
    }

    private static List<String> keys(List<SyncRecord> records) {
        return records.stream().map(SyncRecord::key).toList();
    }

    private static void assertAllOk(BatchResult result) {
        assertThat(result.results()).allSatisfy(r ->
                assertThat(r.outcome()).as("%s: %s", r.key(), r.message()).isEqualTo(RecordResult.Outcome.OK));
    }

    private static void assertExactlyOneResultPerRecord(List<SyncRecord> records, BatchResult result) {
        assertThat(result.results()).extracting(RecordResult::key).containsExactlyInAnyOrderElementsOf(keys(records));
    }
}
