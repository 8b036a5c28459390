package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.http.VendorHttp;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * OAuth 2.0 for the Google Ads API: trades the connection's refresh token for an access token (renewed a
 * minute before it expires), adds it to every call with the optional {@code developer-token} and
 * {@code login-customer-id} headers, and on a 401 UNAUTHENTICATED gets a new token and retries that call once.
 * (developers.google.com/google-ads/api/rest/auth and .../docs/concepts/call-structure)
 */
final class GoogleAdsSession implements Interceptor, Authenticator {

    record Credentials(String clientId, String clientSecret, String refreshToken) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + "]"; // secrets never reach logs
        }
    }

    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(1);

    private final GoogleOAuth oauth;
    private final String tokenUrl;
    private final Credentials credentials;
    private final String developerToken;
    private final String loginCustomerId;
    private final Clock clock;
    private String accessToken;
    private Instant expiresAt = Instant.MIN;

    GoogleAdsSession(GoogleOAuth oauth, String tokenUrl, Credentials credentials, String developerToken,
                     String loginCustomerId, Clock clock) {
        this.oauth = oauth;
        this.tokenUrl = tokenUrl;
        this.credentials = credentials;
        this.developerToken = developerToken;
        this.loginCustomerId = loginCustomerId;
        this.clock = clock;
    }

    private synchronized String token() {
        if (accessToken == null || !clock.instant().isBefore(expiresAt.minus(EARLY_RENEWAL))) {
            fetchToken();
        }
        return accessToken;
    }

    /** Replaces the token unless another call already replaced the refused one. */
    private synchronized String renew(String refused) {
        if (accessToken == null || accessToken.equals(refused)) {
            fetchToken();
        }
        return accessToken;
    }

    private void fetchToken() {
        retrofit2.Response<JsonNode> response = VendorHttp.execute(GoogleAdsDestination.VENDOR, oauth.token(tokenUrl, Map.of(
                "grant_type", "refresh_token",
                "client_id", credentials.clientId(),
                "client_secret", credentials.clientSecret(),
                "refresh_token", credentials.refreshToken())));
        if (!response.isSuccessful()) {
            if (response.code() == 429 || response.code() >= 500) {
                throw VendorHttp.failure("Google's OAuth endpoint", response);
            }
            // 400 invalid_grant (refresh token expired or revoked), 401 invalid_client (wrong client id or secret).
            throw DestinationException.accessRefused("Google refused the OAuth credentials (HTTP " + response.code() + "): "
                    + VendorHttp.errorText(response));
        }
        JsonNode body = response.body();
        String token = VendorHttp.text(body, "access_token");
        if (token == null) {
            throw DestinationException.permanent("Google's token response has no access_token");
        }
        accessToken = token;
        expiresAt = clock.instant().plusSeconds(body.path("expires_in").asLong(3600));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(withAuth(chain.request(), token()));
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (response.priorResponse() != null) {
            return null; // the renewed token was refused too: the 401 surfaces
        }
        String sent = response.request().header("Authorization");
        String refused = sent == null ? null : sent.substring("Bearer ".length());
        return withAuth(response.request(), renew(refused));
    }

    private Request withAuth(Request request, String token) {
        Request.Builder builder = request.newBuilder().header("Authorization", "Bearer " + token);
        if (developerToken != null) {
            builder.header("developer-token", developerToken);
        }
        if (loginCustomerId != null) {
            builder.header("login-customer-id", loginCustomerId);
        }
        return builder.build();
    }
}
