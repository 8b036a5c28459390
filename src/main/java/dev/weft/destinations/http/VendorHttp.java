package dev.weft.destinations.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.destinations.Batch;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What every vendor client shares: one JSON mapper, Retrofit built on a connection's {@code base-url},
 * and one mapping of HTTP failures to {@link DestinationException} (429 and 5xx retryable with the
 * vendor's {@code Retry-After}; refused credentials and bad requests permanent).
 */
public final class VendorHttp {

    /** Dates and timestamps from the warehouse go out as ISO-8601 text, which every vendor here accepts. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private VendorHttp() {
    }

    /** One connection pool and dispatcher for every vendor connection; each adds its own auth on top. */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .build();

    /** A builder sharing the pool and dispatcher, so opening and closing destinations costs no threads. */
    public static OkHttpClient.Builder client() {
        return SHARED.newBuilder();
    }

    /** The connection's {@code base-url} (tests point it at a local fake) or the vendor's default. */
    /** A vendor API on {@code baseUrl} whose every request carries the credential header {@code name: value}. */
    public static <T> T api(Class<T> api, String baseUrl, String name, String value) {
        return api(api, baseUrl, java.util.Map.of(name, value));
    }

    /** A vendor API on {@code baseUrl} whose every request carries {@code headers} (credentials, API version). */
    public static <T> T api(Class<T> api, String baseUrl, java.util.Map<String, String> headers) {
        OkHttpClient http = client()
                .addInterceptor(chain -> {
                    okhttp3.Request.Builder request = chain.request().newBuilder();
                    headers.forEach(request::header);
                    return chain.proceed(request.build());
                })
                .build();
        return retrofit(baseUrl, http).create(api);
    }

    public static String baseUrl(DestinationConnection connection, String vendorDefault) {
        String url = connection.setting("base-url", vendorDefault).trim();
        return url.endsWith("/") ? url : url + "/";
    }

    public static Retrofit retrofit(String baseUrl, OkHttpClient client) {
        return new Retrofit.Builder()
                .baseUrl(baseUrl)
                .client(client)
                .addConverterFactory(JacksonConverterFactory.create(JSON))
                .build();
    }

    /** Runs a call; a network failure (timeout, refused connection) is retryable. */
    public static <T> Response<T> execute(String vendor, Call<T> call) {
        try {
            return call.execute();
        } catch (IOException e) {
            throw new DestinationException(vendor + " did not answer: " + e.getMessage(), true, null, e);
        }
    }

    /** Runs a call and returns its body, mapping any non-2xx answer through {@link #failure}. */
    public static <T> T body(String vendor, Call<T> call) {
        Response<T> response = execute(vendor, call);
        if (!response.isSuccessful()) {
            throw failure(vendor, response);
        }
        return response.body();
    }

    /** The exception for a non-2xx answer, with the vendor's own words from the error body. */
    public static DestinationException failure(String vendor, Response<?> response) {
        int code = response.code();
        String detail = errorText(response);
        String message = vendor + " answered HTTP " + code + (detail.isEmpty() ? "" : ": " + detail);
        if (code == 429) {
            return DestinationException.rateLimited(message, retryAfter(response.headers()));
        }
        if (code >= 500) {
            return new DestinationException(message, true, retryAfter(response.headers()), null);
        }
        if (code == 401 || code == 403) {
            return DestinationException.accessRefused(vendor + " refused the credentials (HTTP " + code + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        return DestinationException.permanent(message);
    }

    /** The error body as text, at most 500 characters (enough for the vendor's message, never a page). */
    public static String errorText(Response<?> response) {
        try (var body = response.errorBody()) {
            if (body == null) {
                return "";
            }
            String text = body.string().trim();
            return text.length() > 500 ? text.substring(0, 500) + "..." : text;
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 allows both); absent or unreadable: null. */
    public static Duration retryAfter(Headers headers) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * Rejects a batch larger than the vendor's documented per-request limit. Splitting is the executor's
     * job (it reads {@code maxBatchSize}); an oversized batch here is a bug upstream, not a vendor failure.
     */
    public static void requireBatchWithin(Batch batch, int max, String vendor) {
        if (batch.records().size() > max) {
            throw new IllegalArgumentException("batch of " + batch.records().size() + " records exceeds " + vendor
                    + "'s limit of " + max + " per request; the executor must split batches at maxBatchSize");
        }
    }

    /** A JSON node's text, or null when missing or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
