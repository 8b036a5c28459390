package dev.weft.destinations.webhook;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The destination contract against a MockWebServer receiver that verifies signatures. */
class WebhookDestinationTest extends DestinationContract {

    private MockWebServer server;
    private FakeWebhookReceiver receiver;

    @Override
    protected Destination openDestination() throws IOException {
        receiver = new FakeWebhookReceiver("s3cret");
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        return open("s3cret");
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("wrong-secret");
    }

    private Destination open(String secret) {
        return new WebhookDestinationProvider().open(new DestinationConnection("c1", "hook", "webhook",
                Map.of("url", server.url("/hooks/weft").toString(), "max-batch-size", "50", "timeout-seconds", "2"),
                Map.of("signing-secret", secret)), Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        return receiver.held();
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        receiver.failNextWith429(retryAfter.toSeconds());
    }

    @Override
    protected void failNextCallWithServerError() {
        receiver.failNextWith500();
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        // The fake answers one message per batch; the suite's two messages differ, so answer both keys' own.
        Map<String, Boolean> retryable = new HashMap<>();
        rejections.forEach((k, r) -> retryable.put(k, r.retryable()));
        String message = String.join("; ", rejections.values().stream().map(Rejection::message).sorted().toList());
        receiver.rejectInNextBatch(retryable, message);
    }

    @Test
    void aTimeoutIsRetryable() {
        receiver.failNextWithTimeout();
        var batch = batch(java.util.List.of(sampleRecord(1, dev.weft.destinations.Operation.ADD)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> destination.send(batch))
                .isInstanceOfSatisfying(dev.weft.destinations.DestinationException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void eachRecordCarriesItsIdempotencyKeyAndTheBatchItsOwn() {
        var records = java.util.List.of(
                new dev.weft.destinations.SyncRecord("key-1", dev.weft.destinations.Operation.ADD, Map.of("email", "a@x.com"), "k-one"),
                new dev.weft.destinations.SyncRecord("key-2", dev.weft.destinations.Operation.ADD, Map.of("email", "b@x.com"), "k-two"));
        var batch = new dev.weft.destinations.Batch("s", "r", dev.weft.destinations.SyncMode.UPSERT, "batch-key", records);
        destination.send(batch);
        assertThat(receiver.accepted()).extracting(FakeWebhookReceiver.Accepted::idempotencyKey).containsExactly("k-one", "k-two");
        assertThat(receiver.accepted()).extracting(FakeWebhookReceiver.Accepted::batchKey).containsOnly("batch-key");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(WebhookDestination.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(WebhookDestination.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(WebhookDestination.retryAfter("soon")).isNull();
    }
}
