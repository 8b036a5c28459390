package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.http.VendorHttp;
import retrofit2.Response;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Google Ads errors as the REST interface returns them: a {@code google.rpc.Status} (in an HTTP error
 * body under {@code error}, or in a 200 answer as {@code partialFailureError}) whose {@code details} hold
 * a {@code GoogleAdsFailure} with {@code errors[]}, each an {@code errorCode} (one entry, e.g.
 * {@code {"databaseError": "CONCURRENT_MODIFICATION"}}), a {@code message}, a {@code location} whose
 * {@code fieldPathElements} start with {@code {fieldName: "operations", index: N}} for the failing operation,
 * and for quota errors {@code details.quotaErrorDetails.retryDelay} (e.g. {@code "30s"}).
 * (developers.google.com/google-ads/api/docs/best-practices/partial-failures and .../error-types)
 */
final class GoogleAdsErrors {

    /** One GoogleAdsError: its code as {@code kind VALUE}, its message, and the operation it names (or -1). */
    record Error(String code, String message, int operationIndex, Duration retryDelay) {

        /** Transient by Google's own description: retry later rather than fix the data. */
        boolean retryable() {
            return code.startsWith("internalError ") || code.startsWith("quotaError ")
                    || code.equals("databaseError CONCURRENT_MODIFICATION");
        }

        String text() {
            return code + ": " + message;
        }
    }

    private static final Set<Integer> RETRYABLE_HTTP = Set.of(429, 500, 502, 503, 504);

    private GoogleAdsErrors() {
    }

    /** The GoogleAdsErrors inside a {@code google.rpc.Status}; empty when it carries none. */
    static List<Error> errors(JsonNode status) {
        List<Error> errors = new ArrayList<>();
        for (JsonNode detail : status.path("details")) {
            for (JsonNode error : detail.path("errors")) {
                String code = "unknown";
                var codeField = error.path("errorCode").fields();
                if (codeField.hasNext()) {
                    var entry = codeField.next();
                    code = entry.getKey() + " " + entry.getValue().asText();
                }
                int index = -1;
                for (JsonNode element : error.path("location").path("fieldPathElements")) {
                    if (element.path("fieldName").asText().equals("operations") && element.has("index")) {
                        index = element.path("index").asInt();
                        break;
                    }
                }
                errors.add(new Error(code, error.path("message").asText(""), index,
                        duration(error.path("details").path("quotaErrorDetails").path("retryDelay").asText(null))));
            }
        }
        return errors;
    }

    /**
     * The exception for a non-2xx answer. Retryable: 429 and 5xx (after Google's {@code retryDelay}, else
     * {@code Retry-After}) and CONCURRENT_MODIFICATION, which Google documents as "retry the request";
     * refused credentials and every other error are permanent.
     */
    static DestinationException failure(Response<?> response) {
        int code = response.code();
        JsonNode status = errorStatus(response);
        List<Error> errors = errors(status);
        String detail = errors.isEmpty()
                ? status.path("message").asText("")
                : errors.stream().map(Error::text).distinct().collect(Collectors.joining("; "));
        String message = GoogleAdsDestination.VENDOR + " answered HTTP " + code
                + (status.has("status") ? " " + status.path("status").asText() : "") + (detail.isEmpty() ? "" : ": " + detail);
        Duration delay = errors.stream().map(Error::retryDelay).filter(d -> d != null).findFirst()
                .orElseGet(() -> VendorHttp.retryAfter(response.headers()));
        if (code == 429) {
            return DestinationException.rateLimited(message, delay);
        }
        if (RETRYABLE_HTTP.contains(code) || (!errors.isEmpty() && errors.stream().allMatch(Error::retryable))) {
            return new DestinationException(message, true, delay, null);
        }
        if (code == 401 || code == 403) {
            String hint = errors.stream().anyMatch(e -> e.code().equals("authorizationError USER_PERMISSION_DENIED"))
                    ? " (if the account is reached through a manager account, set 'login-customer-id' to the manager's id)" : "";
            return DestinationException.accessRefused(GoogleAdsDestination.VENDOR + " refused the credentials (HTTP " + code + ")"
                    + (detail.isEmpty() ? "" : ": " + detail) + hint);
        }
        return DestinationException.permanent(message);
    }

    /** The {@code error} object of an error body; an empty object when the body is not Google's JSON. */
    private static JsonNode errorStatus(Response<?> response) {
        try (var body = response.errorBody()) {
            if (body != null) {
                String text = body.string();
                try {
                    JsonNode error = VendorHttp.JSON.readTree(text).path("error");
                    if (error.isObject()) {
                        return error;
                    }
                } catch (IOException notJson) {
                    // fall through: a proxy's HTML page, say; keep its start as the message
                }
                return VendorHttp.JSON.createObjectNode().put("message", text.length() > 300 ? text.substring(0, 300) + "..." : text);
            }
        } catch (IOException unreadable) {
            // the status code alone must do
        }
        return VendorHttp.JSON.createObjectNode();
    }

    /** A protobuf Duration in JSON ({@code "30s"}, {@code "1.5s"}); null when absent or unreadable. */
    static Duration duration(String text) {
        if (text == null || !text.endsWith("s")) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(text.substring(0, text.length() - 1));
            return seconds.signum() < 0 ? null : Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
