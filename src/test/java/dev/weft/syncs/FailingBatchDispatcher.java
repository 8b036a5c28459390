package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor that persistently fails some batches and accepts the others: every request carrying one
 * of the poisoned keys gets the same failing answer (a 500, a 429, a 400), every other request goes
 * to the {@link FakeWebhookReceiver} behind it. Remembers which keys it refused and how often.
 */
final class FailingBatchDispatcher extends Dispatcher {

    private final ObjectMapper json = new ObjectMapper();
    private final FakeWebhookReceiver receiver;
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile MockResponse failure;

    FailingBatchDispatcher(FakeWebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /** Every batch holding one of {@code keys} is answered with {@code answer}, on every attempt. */
    void failBatchesHolding(Set<String> keys, MockResponse answer) {
        poisoned.addAll(keys);
        failure = answer;
    }

    void heal() {
        poisoned.clear();
    }

    /** The keys of every batch refused so far. */
    Set<String> refusedKeys() {
        return Set.copyOf(refusedKeys);
    }

    int refusals() {
        return refusals.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        try {
            JsonNode records = json.readTree(request.getBody().clone().readUtf8()).path("records");
            boolean refuse = false;
            for (JsonNode r : records) {
                refuse |= poisoned.contains(r.path("key").asText());
            }
            if (refuse) {
                records.forEach(r -> refusedKeys.add(r.path("key").asText()));
                refusals.incrementAndGet();
                return failure;
            }
        } catch (IOException notJson) {
            // the receiver answers it
        }
        return receiver.dispatch(request);
    }
}
