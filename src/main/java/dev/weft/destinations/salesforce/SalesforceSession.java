package dev.weft.destinations.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.http.VendorHttp;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OAuth 2.0 session with a Salesforce org: gets an access token (client credentials, or a JWT bearer
 * assertion signed with the connected app's certificate key), adds it to every API call, and on a 401
 * gets a new token and retries that call once (Salesforce expires sessions by its own policy).
 */
final class SalesforceSession implements Interceptor, Authenticator {

    /** How the session proves itself: one of the two server-to-server flows Salesforce documents. */
    sealed interface Grant permits ClientCredentials, JwtBearer {
        Map<String, String> form(Clock clock);
    }

    record ClientCredentials(String clientId, String clientSecret) implements Grant {
        @Override
        public Map<String, String> form(Clock clock) {
            return Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret);
        }
    }

    /** The JWT is signed with RS256 and lives three minutes, as Salesforce's JWT bearer flow asks. */
    record JwtBearer(String clientId, String username, String audience, PrivateKey key) implements Grant {
        @Override
        public Map<String, String> form(Clock clock) {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", clientId);
            claims.put("sub", username);
            claims.put("aud", audience);
            claims.put("exp", clock.instant().plusSeconds(180).getEpochSecond());
            try {
                String signingInput = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + b64.encodeToString(VendorHttp.JSON.writeValueAsBytes(claims));
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(key);
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "assertion", signingInput + "." + b64.encodeToString(signature.sign()));
            } catch (IOException | GeneralSecurityException e) {
                throw DestinationException.permanent("could not sign the Salesforce JWT assertion: " + e.getMessage());
            }
        }
    }

    private final SalesforceLogin login;
    private final Grant grant;
    private final Clock clock;
    private String accessToken;
    private String instanceUrl;

    SalesforceSession(SalesforceLogin login, Grant grant, Clock clock) {
        this.login = login;
        this.grant = grant;
        this.clock = clock;
    }

    /** The org's instance URL (API calls go there), getting a token first if there is none yet. */
    synchronized String instanceUrl() {
        if (accessToken == null) {
            fetchToken();
        }
        return instanceUrl;
    }

    private synchronized String token() {
        if (accessToken == null) {
            fetchToken();
        }
        return accessToken;
    }

    /** Replaces the token unless another call already replaced the stale one. */
    private synchronized String renew(String stale) {
        if (accessToken == null || accessToken.equals(stale)) {
            fetchToken();
        }
        return accessToken;
    }

    private void fetchToken() {
        retrofit2.Response<JsonNode> response = VendorHttp.execute(SalesforceDestination.VENDOR, login.token(grant.form(clock)));
        if (!response.isSuccessful()) {
            if (response.code() >= 500) {
                throw VendorHttp.failure(SalesforceDestination.VENDOR, response);
            }
            // 400/401 with {"error":"invalid_client","error_description":"..."}: the credentials are wrong.
            throw DestinationException.accessRefused("Salesforce refused the OAuth credentials (HTTP " + response.code() + "): "
                    + VendorHttp.errorText(response));
        }
        JsonNode body = response.body();
        accessToken = VendorHttp.text(body, "access_token");
        instanceUrl = VendorHttp.text(body, "instance_url");
        if (accessToken == null || instanceUrl == null) {
            throw DestinationException.permanent("Salesforce's token response has no access_token or instance_url");
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer " + token()).build());
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (response.priorResponse() != null) {
            return null; // the renewed token was refused too: give up, the 401 surfaces
        }
        String sent = response.request().header("Authorization");
        String stale = sent == null ? null : sent.substring("Bearer ".length());
        return response.request().newBuilder().header("Authorization", "Bearer " + renew(stale)).build();
    }
}
