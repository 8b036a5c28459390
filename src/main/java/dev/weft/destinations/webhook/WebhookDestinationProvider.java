package dev.weft.destinations.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.SecretUrls;
import jakarta.inject.Singleton;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code webhook}: POSTs JSON batches to a URL the customer runs. Settings: {@code url} (required),
 * {@code max-batch-size} (default 500), {@code requests-per-second} (default 20),
 * {@code timeout-seconds} (default 30); secret {@code signing-secret} (HMAC-SHA256 key).
 */
@Singleton
public class WebhookDestinationProvider implements DestinationProvider {

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("url", true, false, "where batches are POSTed (http or https)"),
                new ConnectionField("max-batch-size", false, false, "records per request (default 500)"),
                new ConnectionField("requests-per-second", false, false, "the receiver's rate limit (default 20)"),
                new ConnectionField("timeout-seconds", false, false, "per request (default 30)"),
                new ConnectionField("signing-secret", true, true, "key of the HMAC-SHA256 body signature"));
    }

    @Override
    public Map<String, String> settingProblems(Map<String, String> settings) {
        return SecretUrls.httpProblem(settings.get("url")).map(p -> Map.of("url", p)).orElse(Map.of());
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String url = connection.setting("url", connection.setting("base-url", null));
        Optional<String> problem = SecretUrls.httpProblem(url);
        if (problem.isPresent()) {
            throw new WeftException("connection '" + connection.name() + "': settings.url " + problem.get());
        }
        String secret = connection.secrets().get("signing-secret");
        if (secret == null || secret.isBlank()) {
            throw new WeftException("connection '" + connection.name() + "': secret signing-secret is not set");
        }
        int maxBatch = positive(connection, "max-batch-size", 500);
        int rps = positive(connection, "requests-per-second", 20);
        int timeout = positive(connection, "timeout-seconds", 30);
        OkHttpClient client = http.newBuilder().callTimeout(Duration.ofSeconds(timeout))
                .readTimeout(Duration.ofSeconds(timeout)).build();
        return new WebhookDestination(client, json, HttpUrl.parse(url.trim()), secret, maxBatch, rps);
    }

    private static int positive(DestinationConnection c, String key, int fallback) {
        String v = c.setting(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new WeftException("connection '" + c.name() + "': settings." + key + " must be a whole number >= 1, got '" + v + "'");
    }
}
