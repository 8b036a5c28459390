package dev.weft.destinations.meta;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.HTTP;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.QueryMap;

import java.util.Map;

/**
 * Meta's Graph API for customer-list custom audiences
 * (developers.facebook.com/docs/marketing-api/reference/custom-audience/users). Parameters go as form
 * fields, as in Meta's examples: {@code payload} (JSON {@code {"schema":[...],"data":[[...]]}}),
 * {@code session} (JSON) and {@code access_token} (plus {@code appsecret_proof} when the app requires it).
 * Success answers {@code audience_id, session_id, num_received, num_invalid_entries,
 * invalid_entry_samples}; failures answer {@code {"error":{"message","type","code","error_subcode",
 * "fbtrace_id"}}}.
 */
interface MetaApi {

    /** Adds people to the audience: at most 10,000 rows per call. */
    @FormUrlEncoded
    @POST("{version}/{audienceId}/users")
    Call<JsonNode> addUsers(@Path("version") String version, @Path("audienceId") String audienceId,
                            @FieldMap Map<String, String> fields);

    /** Removes people from the audience: the same parameters as adding. */
    @FormUrlEncoded
    @HTTP(method = "DELETE", path = "{version}/{audienceId}/users", hasBody = true)
    Call<JsonNode> removeUsers(@Path("version") String version, @Path("audienceId") String audienceId,
                               @FieldMap Map<String, String> fields);

    /** Reads the audience node (the connection test). */
    @GET("{version}/{audienceId}")
    Call<JsonNode> audience(@Path("version") String version, @Path("audienceId") String audienceId,
                            @Query("fields") String fields, @QueryMap Map<String, String> auth);
}
