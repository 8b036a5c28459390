package dev.weft.destinations.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;
import retrofit2.http.Url;

import java.util.Map;

/** Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token by default). */
interface GoogleOAuth {

    /** The refresh-token grant: answers {@code {access_token, expires_in, token_type}} or {@code {error, error_description}}. */
    @FormUrlEncoded
    @POST
    Call<JsonNode> token(@Url String tokenUrl, @FieldMap Map<String, String> form);
}
