package dev.weft.destinations.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;

import java.util.Map;

/** The OAuth 2.0 token endpoint on the login (or My Domain) URL. */
interface SalesforceLogin {

    @FormUrlEncoded
    @POST("services/oauth2/token")
    Call<JsonNode> token(@FieldMap Map<String, String> form);
}
