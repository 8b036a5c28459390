package dev.weft.destinations;

import okhttp3.HttpUrl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials written into a URL setting: {@code user:pass@} is refused (they belong in a connection's
 * secrets), and query parameters named like credentials ({@code ?key=}, {@code ?token=}, {@code sig=}, ...)
 * are masked wherever a setting is shown: API answers, logs, error messages.
 */
public final class SecretUrls {

    /** Query parameter names that carry credentials, as vendors name them (api_key, access_token, X-Amz-Signature, ...). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;][^=&;#]*(?:key|token|secret|passw|sig|auth|credential)[^=&;#]*=)[^&;#]*");
    private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/?#@]*@");

    private SecretUrls() {
    }

    /** The value with URL credentials masked; values that are not URLs come back unchanged. */
    public static String redact(String value) {
        if (value == null || !value.contains("://")) {
            return value;
        }
        return SECRET_PARAMETER.matcher(USER_INFO.matcher(value).replaceFirst("$1***@")).replaceAll("$1***");
    }

    /** Every setting value through {@link #redact(String)}. */
    public static Map<String, String> redact(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, redact(v)));
        return out;
    }

    /** What is wrong with {@code url} as an endpoint Weft posts customer data to, or empty. */
    public static Optional<String> httpProblem(String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.trim());
        if (parsed == null) {
            return Optional.of("must be an http:// or https:// URL, got '" + redact(url) + "'");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            return Optional.of("must not carry credentials (user:password@): put them in the connection's secrets");
        }
        return Optional.empty();
    }
}
