package dev.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.webhook.WebhookSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on 127.0.0.1 for {@code weft bench syncs} and {@code weft bench freshness}: it checks each
 * signature and enforces a rate limit the way vendors do, answering 429 with {@code Retry-After: 1} beyond it,
 * and holds the keys of the records it was sent (added and changed ones in, removed ones out), as a mirrored
 * destination would.
 */
final class RateLimitedReceiver implements AutoCloseable {

    private final HttpServer server;
    private final String secret;
    private final RateLimit limit;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile long firstAccepted;
    private volatile long lastAccepted;
    private double tokens;
    private long last = System.nanoTime();

    RateLimitedReceiver(String secret, RateLimit limit) throws IOException {
        this.secret = secret;
        this.limit = limit;
        this.tokens = limit.burst();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/weft";
    }

    long accepted() {
        return accepted.get();
    }

    long limited() {
        return limited.get();
    }

    long records() {
        return records.get();
    }

    /** The keys the receiver holds now. */
    Set<String> held() {
        return Set.copyOf(held);
    }

    /** Accepted requests per second between the first and the last accepted request: the sustained rate. */
    double sustainedRate() {
        long n = accepted.get();
        return n < 2 ? 0 : (n - 1) / ((lastAccepted - firstAccepted) / 1e9);
    }

    void resetWindow() {
        firstAccepted = 0;
    }

    private synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(limit.burst(), tokens + (now - last) / 1e9 * limit.perSecondRate());
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String ts = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
        String sig = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
        if (ts == null || !WebhookSignature.verify(secret, Long.parseLong(ts), body, sig)) {
            answer(exchange, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        if (!take()) {
            limited.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 429, "{\"error\":\"rate limited\"}");
            return;
        }
        JsonNode payload = json.readTree(body);
        long now = System.nanoTime();
        synchronized (this) {
            if (firstAccepted == 0) {
                firstAccepted = now;
            }
            lastAccepted = now;
        }
        accepted.incrementAndGet();
        records.addAndGet(payload.path("records").size());
        for (JsonNode record : payload.path("records")) {
            if (record.path("operation").asText().equals("remove")) {
                held.remove(record.path("key").asText());
            } else {
                held.add(record.path("key").asText());
            }
        }
        answer(exchange, 200, "{}");
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
